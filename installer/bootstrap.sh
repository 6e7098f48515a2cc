#!/usr/bin/env bash
# Set up 清风台账 on Debian/Ubuntu/UOS/Kylin (and other apt systems): system libraries for Qt, Chinese fonts,
# a virtual environment in .venv and the program in it.
#   bash installer/bootstrap.sh          # to run the app
#   bash installer/bootstrap.sh --test   # also the test tools (pytest, poppler, LibreOffice for layout checks,
#                                        # faketime for running the tests on other dates)
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

apt_packages=(python3 python3-venv python3-pip ca-certificates
  libgl1 libegl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
  fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai fonts-arphic-gbsn00lp fonts-arphic-gkai00mp)
if [ "$with_tests" = 1 ]; then
  apt_packages+=(poppler-utils libreoffice-writer-nogui xvfb xauth faketime)
fi

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "安装系统软件包：${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$with_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "清风台账已安装到 .venv（命令：.venv/bin/qingfeng）"
