#!/usr/bin/env bash
# Compile installer/qingfeng.nsi with Debian's makensis against a bundle (on Linux: the Linux bundle as a stand-in
# payload, so the script is at least known to be valid): bash installer/check_nsis.sh dist/qingfeng
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=$(realpath "${1:-dist/qingfeng}")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop/__init__.py)
# zlib keeps this check quick; the real installer (build-windows.ps1) uses the script's solid lzma
makensis -V2 -X"SetCompressor /FINAL zlib" -DVERSION="$version" -DPAYLOAD="$bundle" -DOUTDIR="$out" \
  installer/qingfeng.nsi
exe="$out/清风台账-安装-$version.exe"
[ -s "$exe" ] || { echo "失败：makensis 没有生成安装程序" >&2; exit 1; }
echo "  通过：NSIS 脚本可编译（替代载荷），$(du -h "$exe" | cut -f1)"
