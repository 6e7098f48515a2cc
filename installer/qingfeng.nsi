; NSIS installer for the PyInstaller onedir bundle (dist\qingfeng). Build: makensis installer\qingfeng.nsi
; Per-user install (no admin rights needed on locked-down office PCs). The uninstaller never touches user data
; (%LOCALAPPDATA%\qingfeng).
Unicode true
!include "MUI2.nsh"
!define APPNAME "清风台账"
!define VERSION "0.1.0"
Name "${APPNAME}"
OutFile "..\dist\qingfeng-setup-${VERSION}.exe"
InstallDir "$LOCALAPPDATA\Programs\qingfeng"
RequestExecutionLevel user
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "install"
  SetOutPath "$INSTDIR"
  File /r "..\dist\qingfeng\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortCut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\qingfeng.exe"
  CreateShortCut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\qingfeng.exe"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\qingfeng" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\qingfeng" "UninstallString" "$INSTDIR\uninstall.exe"
SectionEnd

Section "uninstall"
  RMDir /r "$INSTDIR"
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\qingfeng"
SectionEnd
