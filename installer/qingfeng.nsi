; 清风台账 Windows installer (NSIS 3, Unicode). Wraps the PyInstaller one-folder bundle (dist\qingfeng).
;   makensis /DVERSION=0.1.0 installer\qingfeng.nsi            (installer\build-windows.ps1 does this)
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\dist\qingfeng /DOUTDIR=..\dist installer\qingfeng.nsi
; Per user, no administrator rights (RequestExecutionLevel user): %LOCALAPPDATA%\Programs\qingfeng, Start-menu and
; desktop shortcuts, an entry in 设置 → 应用 (HKCU). Upgrade in place: running a newer installer over an older one
; replaces the program files (the old ones are removed first, so nothing stale is left) and keeps every setting.
; The uninstaller removes the program only: the data (%LOCALAPPDATA%\qingfeng) is never touched.
Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\dist\qingfeng"
!endif
!ifndef OUTDIR
  !define OUTDIR "..\dist"
!endif
!define APPNAME "清风台账"
!define APPKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\qingfeng"

Name "${APPNAME} ${VERSION}"
OutFile "${OUTDIR}\清风台账-安装-${VERSION}.exe"
InstallDir "$LOCALAPPDATA\Programs\qingfeng"
InstallDirRegKey HKCU "${APPKEY}" "InstallLocation"
RequestExecutionLevel user
BrandingText "${APPNAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${APPNAME}"

!define MUI_ABORTWARNING
!define MUI_ICON "..\resources\icons\qingfeng.ico"
!define MUI_UNICON "..\resources\icons\qingfeng.ico"
!define MUI_WELCOMEPAGE_TEXT "将把${APPNAME} ${VERSION} 安装到当前用户的程序文件夹，不需要管理员权限。$\r$\n$\r$\n已安装旧版本时直接覆盖升级，数据（单位、台账、文书、备份）全部保留。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\qingfeng.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在启动${APPNAME}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将卸载${APPNAME}程序。您的数据（%LOCALAPPDATA%\qingfeng 中的数据库、附件、文书和备份）不会被删除。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "install"
  SetShellVarContext current
  ; upgrade in place: take away the previous version's program files (never the data, which lives elsewhere)
  IfFileExists "$INSTDIR\_internal\*.*" 0 +2
    RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortCut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\qingfeng.exe" "" "$INSTDIR\qingfeng.exe" 0
  CreateShortCut "$SMPROGRAMS\${APPNAME}\卸载${APPNAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortCut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\qingfeng.exe" "" "$INSTDIR\qingfeng.exe" 0
  WriteRegStr HKCU "${APPKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${APPKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${APPKEY}" "Publisher" "${APPNAME}"
  WriteRegStr HKCU "${APPKEY}" "DisplayIcon" "$INSTDIR\qingfeng.exe"
  WriteRegStr HKCU "${APPKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${APPKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${APPKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${APPKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${APPKEY}" "EstimatedSize" "$0"
SectionEnd

Section "uninstall"
  SetShellVarContext current
  ; the program folder only; %LOCALAPPDATA%\qingfeng (the data) stays
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\qingfeng.exe"
  Delete "$INSTDIR\qingfeng-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  DeleteRegKey HKCU "${APPKEY}"
SectionEnd
