#!/usr/bin/env bash
# Pack the PyInstaller onedir bundle into a .deb: bash installer/make_deb.sh dist/qingfeng OUTDIR
# Installs to /opt/qingfeng with /usr/bin/qingfeng and a desktop entry. Needs glibc >= the build machine's.
set -euo pipefail
src=${1:?onedir bundle}; out=${2:?output folder}; version=${VERSION:-0.1.0}
root=$(mktemp -d)
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$out"
cp -a "$src" "$root/opt/qingfeng"
ln -s /opt/qingfeng/qingfeng "$root/usr/bin/qingfeng"
cat > "$root/usr/share/applications/qingfeng.desktop" <<DESK
[Desktop Entry]
Type=Application
Name=Qingfeng Ledger
Name[zh_CN]=清风台账
Exec=/usr/bin/qingfeng
Icon=/opt/qingfeng/_internal/resources/icons/qingfeng.svg
Categories=Office;
DESK
cat > "$root/DEBIAN/control" <<CTRL
Package: qingfeng
Version: $version
Architecture: amd64
Maintainer: 清风台账
Depends: libgl1, libegl1, libfontconfig1, libglib2.0-0, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0
Description: 清风台账 — offline supervision ledger for township discipline-inspection staff
CTRL
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/qingfeng_${version}_amd64.deb"
rm -rf "$root"
