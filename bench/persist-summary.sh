#!/usr/bin/env bash
# Per load phase of each run, from SERVER_SAMPLES (label,epoch s,updates,written,backlog; bench/run.sh): the updates/s
# offered, the topic rows/s written and the largest backlog sampled, then how long rows were still written after the
# updates stopped (the drain). A phase: consecutive seconds with updates; samples are 1 s apart (per-second rates).
set -euo pipefail
awk -F, '
function flush() {
  if (n > 0) printf "%-4s %3d s  %8.0f updates/s  %8.0f rows/s  backlog max %6d  drain %d s\n", lab, n, su / dt, sw / dt, bmax, drain
  n = su = sw = dt = bmax = drain = 0
}
$3 == "" || $4 == "" { next }
$1 != lab { flush(); lab = $1; pu = ""; }
{
  if (pu != "" && $2 > pt) {
    d = $2 - pt; du = $3 - pu; dw = $4 - pw
    if (du > 0) { if (drain > 0) flush(); n++; su += du; sw += dw; dt += d; if ($5 + 0 > bmax) bmax = $5 + 0 }
    else if (dw > 0 && n > 0) drain++
    else if (n > 0 && dw == 0) flush()
  }
  pu = $3; pw = $4; pt = $2
}
END { flush() }' "$1"
