#!/usr/bin/env bash
# Build the PyInstaller one-folder bundle and the .deb, on Debian 12 (amd64) or an arm64 Debian, unchanged:
#   bash installer/build.sh                 -> dist/qingfeng/ (the bundle) and dist/qingfeng_<version>_<arch>.deb
#   QINGFENG_BUILD_VERSION=0.1.1 bash installer/build.sh   (write another version into the bundle; see docs/INSTALL.md)
#   QINGFENG_TEST_UPDATE_KEY=key.pub bash installer/build.sh   (TEST builds only: also trust this update key)
# The build venv is dist/build-venv (PyInstaller pinned there), so the project's .venv is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
version=${QINGFENG_BUILD_VERSION:-$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop/__init__.py)}
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)

# System tools and the libraries the bundle links against (Qt's xcb platform plugin needs the xcb libs).
apt_packages=(python3 python3-venv python3-dev binutils dpkg-dev
  libgl1 libegl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xfixes0 libxcb-xkb1)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "安装构建所需的系统软件包：${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

venv=${QINGFENG_BUILD_VENV:-dist/build-venv}
python=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
"$venv/bin/python" -m pip install -q -r installer/build-requirements.txt -e .

rm -rf build/pyinstaller dist/qingfeng
QINGFENG_BUILD_VERSION="$version" QINGFENG_TEST_UPDATE_KEY="${QINGFENG_TEST_UPDATE_KEY:-}" \
  "$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath dist installer/qingfeng.spec

# Symbols are not needed to run (-23 MB); Qt's plugin metadata is a section of its own and stays.
find dist/qingfeng -type f -name '*.so*' -exec strip --strip-unneeded {} + 2>/dev/null || true
"$venv/bin/python" installer/check_bundle.py dist/qingfeng
[ "${QINGFENG_NO_DEB:-}" = 1 ] || VERSION="$version" bash installer/make_deb.sh dist/qingfeng dist
echo "构建完成：dist/qingfeng/（$(du -sh dist/qingfeng | cut -f1)）  dist/qingfeng_${version}_${arch}.deb"
