# Build the Windows bundle and installer (PowerShell, on Windows with Python 3.11 and NSIS 3 installed):
#   ./installer/build-windows.ps1        -> dist\qingfeng\ and dist\清风台账-安装-<version>.exe
# Not tried on Windows yet (see docs/INSTALL.md); the Linux CI compiles the same .nsi with makensis.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$version = (Select-String -Path desktop\__init__.py -Pattern '^__version__ = "(.*)"').Matches[0].Groups[1].Value
if (-not (Test-Path dist\build-venv\Scripts\python.exe)) { py -3.11 -m venv dist\build-venv }
dist\build-venv\Scripts\python -m pip install -q --upgrade pip
dist\build-venv\Scripts\python -m pip install -q -r installer\build-requirements.txt -e .
$env:QINGFENG_BUILD_VERSION = $version
dist\build-venv\Scripts\python -m PyInstaller --noconfirm --log-level WARN --workpath build\pyinstaller --distpath dist installer\qingfeng.spec
dist\build-venv\Scripts\python installer\check_bundle.py dist\qingfeng
if ($LASTEXITCODE -ne 0) { exit 1 }
$makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $makensis) { $makensis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
& $makensis /DVERSION=$version installer\qingfeng.nsi
if ($LASTEXITCODE -ne 0) { exit 1 }
Write-Host "构建完成：dist\清风台账-安装-$version.exe"
