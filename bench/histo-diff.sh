#!/usr/bin/env bash
# histo-diff.sh BEFORE AFTER N [TOP]: two `jcmd GC.class_histogram` outputs -> the classes whose bytes grew,
# with instances and bytes per session (divided by N), largest first, and the total per session.
set -euo pipefail
before=$1; after=$2; n=$3; top=${4:-40}
awk -v n="$n" -v top="$top" '
  FNR == NR { if ($1 ~ /^[0-9]+:$/) { bi[$4] = $2; bb[$4] = $3 }; next }
  $1 ~ /^[0-9]+:$/ { di = $2 - bi[$4]; db = $3 - bb[$4]; if (db != 0) printf "%10.1f %8.2f %s\n", db / n, di / n, $4; tot += db }
  END { printf "%10.1f %8s TOTAL bytes/session\n", tot / n, "" > "/dev/stderr" }' "$before" "$after" \
  | sort -rn | head -"$top"
