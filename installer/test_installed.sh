#!/usr/bin/env bash
# CI for the INSTALLED build: build the bundle + .deb once (a TEST build that trusts a throwaway update key),
# run installer/test_installed.py on the .deb (dpkg -x into a scratch root), check the bundle's lowest glibc,
# compile the NSIS script against the Linux bundle as a stand-in payload, and as root install + remove the .deb
# with dpkg to see that removal leaves the users' data alone.
#   bash installer/test_installed.sh            (needs apt for nsis; CI runs it as root after the README command)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
keydir=$(mktemp -d)
trap 'rm -rf "$keydir"' EXIT
python3 -c "import cryptography" 2>/dev/null && py=python3 || py=.venv/bin/python
"$py" installer/make_update.py key --out "$keydir/test-update.pem" >/dev/null   # throwaway, never kept

QINGFENG_TEST_UPDATE_KEY="$keydir/test-update.pub" bash installer/build.sh
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop/__init__.py)
deb="dist/qingfeng_${version}_$(dpkg --print-architecture).deb"
echo "构建用时 $(( $(date +%s) - start )) 秒"

.venv/bin/python installer/test_installed.py --deb "$deb" --update-key "$keydir/test-update.pem"
bash installer/glibc_floor.sh dist/qingfeng

if ! command -v makensis >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nsis >/dev/null
fi
bash installer/check_nsis.sh dist/qingfeng

if [ "$(id -u)" -eq 0 ] && ! dpkg-query -W qingfeng >/dev/null 2>&1; then
  data=$(mktemp -d)/数据
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
  QT_QPA_PLATFORM=offscreen /usr/bin/qingfeng --version
  QINGFENG_PASSWORD=installed-admin-2026 QINGFENG_PASSPHRASE=installed-key-2026 QT_QPA_PLATFORM=offscreen \
    /usr/bin/qingfeng init --role township --site-code 330226101 --site-name 清溪镇 \
    --data-dir "$data" >/dev/null
  dpkg --purge qingfeng >/dev/null
  [ ! -e /opt/qingfeng ] && [ ! -e /usr/bin/qingfeng ] && [ -s "$data/qingfeng.db" ] \
    || { echo "失败：卸载后程序仍在，或用户数据不见了" >&2; exit 1; }
  echo "  通过：dpkg 安装、卸载（purge）后用户数据仍在：$data/qingfeng.db"
  rm -rf "$(dirname "$data")"
fi
echo "安装版 CI 用时 $(( $(date +%s) - start )) 秒"
