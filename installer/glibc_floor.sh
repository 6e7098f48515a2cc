#!/usr/bin/env bash
# The lowest glibc a bundle needs: the highest GLIBC_x.y symbol version any of its ELF files asks for.
#   bash installer/glibc_floor.sh dist/qingfeng      -> "最低 glibc：2.xx（来自 libfoo.so）"
# QINGFENG_MAX_GLIBC=2.28 makes it fail when the bundle needs more (for builds meant for UOS 20 / Kylin V10).
set -euo pipefail
bundle=${1:-dist/qingfeng}
best="0.0"; from=""
while IFS= read -r -d '' f; do
  v=$(objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1 || true)
  [ -n "$v" ] || continue
  if [ "$(printf '%s\n%s\n' "$best" "$v" | sort -V | tail -1)" != "$best" ]; then best=$v; from=${f#"$bundle"/}; fi
done < <(find "$bundle" -type f \( -name '*.so*' -o -name qingfeng \) -print0)
echo "最低 glibc：$best（来自 $from）"
if [ -n "${QINGFENG_MAX_GLIBC:-}" ] && [ "$(printf '%s\n%s\n' "$best" "$QINGFENG_MAX_GLIBC" | sort -V | tail -1)" != "$QINGFENG_MAX_GLIBC" ]; then
  echo "失败：程序包需要 glibc $best，高于目标系统的 $QINGFENG_MAX_GLIBC" >&2; exit 1
fi
