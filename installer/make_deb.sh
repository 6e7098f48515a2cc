#!/usr/bin/env bash
# Pack the PyInstaller one-folder bundle into a .deb:  VERSION=0.1.0 bash installer/make_deb.sh dist/qingfeng OUTDIR
#  /opt/qingfeng (the bundle), /usr/bin/qingfeng, a Chinese desktop entry and icons. Depends: the packages owning
#  the system libraries the bundle links against but does not carry (found with objdump/ldconfig/dpkg -S),
#  Qt's xcb libraries and CJK fonts. Removal (and purge) never touches users' data (~/.local/share/qingfeng).
set -euo pipefail
src=${1:?onedir bundle}; out=${2:?output folder}; version=${VERSION:-0.1.0}
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$out" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/icons/hicolor/256x256/apps" \
  "$root/usr/share/doc/qingfeng"
cp -a "$src" "$root/opt/qingfeng"
ln -s /opt/qingfeng/qingfeng "$root/usr/bin/qingfeng"
icons="$src/_internal/resources/icons"
cp "$icons/qingfeng.svg" "$root/usr/share/icons/hicolor/scalable/apps/qingfeng.svg"
cp "$icons/qingfeng.png" "$root/usr/share/icons/hicolor/256x256/apps/qingfeng.png"
cp "$src/_internal/resources/fonts/README.txt" "$root/usr/share/doc/qingfeng/fonts-README.txt"
cat > "$root/usr/share/applications/qingfeng.desktop" <<DESK
[Desktop Entry]
Type=Application
Version=1.0
Name=清风台账
Name[zh_CN]=清风台账
GenericName=监督台账
GenericName[zh_CN]=监督台账
Comment=乡镇纪委监督台账、小微权力检查、整改闭环与文书（离线）
Comment[zh_CN]=乡镇纪委监督台账、小微权力检查、整改闭环与文书（离线）
Keywords=台账;纪委;监督;文书;
Exec=/usr/bin/qingfeng
Icon=qingfeng
Terminal=false
Categories=Office;
StartupWMClass=qingfeng
DESK

# Depends: the package owning every shared library some ELF file of the bundle needs but the bundle does not carry
# (ldconfig finds it, dpkg -S names its package): Qt's X11/xcb, GL, fontconfig, glib, dbus, cups … and libc6.
deps=()
mapfile -t needed < <(find "$src" -type f \( -name '*.so*' -o -name qingfeng \) -exec objdump -p {} + 2>/dev/null \
  | awk '$1 == "NEEDED" {print $2}' | sort -u)
paths=()
ldcache=$(ldconfig -p)
for so in "${needed[@]}"; do
  [ -n "$(find "$src" -name "$so" -print -quit)" ] && continue
  path=$(awk -v so="$so" '$1 == so {print $NF; exit}' <<< "$ldcache")
  [ -n "$path" ] && paths+=("$path" "$(readlink -f "$path")")
done
if [ "${#paths[@]}" -gt 0 ]; then
  mapfile -t owners < <(dpkg -S "${paths[@]}" 2>/dev/null | cut -d: -f1 | tr ',' '\n' | sed 's/ //g' | sort -u)
  deps+=("${owners[@]}")
fi
# Qt's xcb platform plugin dlopens these; the fonts give the GUI and documents their Chinese glyphs.
deps+=(libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1 fontconfig)
depends=$(printf '%s\n' "${deps[@]}" | sort -u | paste -sd, | sed 's/,/, /g')
size=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CTRL
Package: qingfeng
Version: $version
Architecture: $arch
Maintainer: 清风台账 <qingfeng@localhost>
Section: misc
Priority: optional
Installed-Size: $size
Depends: $depends, fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei
Description: 清风台账 — 乡镇纪委监督台账（离线桌面版）
 监督台账与两清单、村居小微权力检查、问题整改闭环、正式文书（Word/PDF），
 与区县纪委监委之间用 U 盘交换签名加密的数据包。数据保存在各用户的数据目录中，
 卸载本软件不会删除数据。
CTRL
cp "$here/deb/postinst" "$here/deb/postrm" "$root/DEBIAN/"
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
deb="$out/qingfeng_${version}_${arch}.deb"
# gzip keeps CI quick (xz: 5 min here for ~20% less); QINGFENG_DEB_COMPRESS=xz for a release. Old dpkg reads both.
dpkg-deb --root-owner-group -Z"${QINGFENG_DEB_COMPRESS:-gzip}" --threads-max=2 --build "$root" "$deb" >/dev/null
echo "$deb"
