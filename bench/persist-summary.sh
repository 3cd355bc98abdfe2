#!/usr/bin/env bash
# Per load phase of each run, from SERVER_SAMPLES (label,epoch s,updates,written,backlog,writes,writeMicros,
# writeCpuMicros,failures,write-time buckets; bench/run.sh): the updates/s offered, the topic rows/s written and the largest
# backlog sampled, then how long rows were still written after the updates stopped (the drain). A phase: consecutive
# seconds with updates; samples are 1 s apart (per-second rates). With the journal's write times (since the slices,
# docs/BENCHMARKS.md#persistence-slices), a second line per phase: transactions/s, rows per transaction, mean wall
# and CPU µs per transaction, and the 99th percentile and the longest as the upper bound of their bucket (the
# buckets double from 125 µs: a factor of 2).
set -euo pipefail
awk -F, '
function bound(i) { return i >= 10 ? ">64000" : 125 * 2 ^ i }
function flush(   i, total, k, seen, p99, top) {
  if (n > 0) {
    printf "%-4s %3d s  %8.0f updates/s  %8.0f rows/s  backlog max %6d  drain %d s\n", lab, n, su / dt, sw / dt, bmax, drain
    if (hx && lx[0] != "") {
      dx = lx[0] - bx[0]; total = 0
      for (i = 0; i <= 10; i++) { d[i] = lx[4 + i] - bx[4 + i]; total += d[i] }
      seen = 0; p99 = top = -1
      for (i = 0; i <= 10; i++) { seen += d[i]; if (p99 < 0 && seen >= 0.99 * total) p99 = i; if (d[i] > 0) top = i }
      if (dx > 0) printf "     writes %6.1f/s  %6.0f rows/write  mean %7.0f us wall %7.0f us CPU  p99 <= %s us  max <= %s us\n",
        dx / dt, sw / dx, (lx[1] - bx[1]) / dx, (lx[2] - bx[2]) / dx, bound(p99), bound(top)
      if (lx[3] - bx[3] > 0 || (dx == 0 && lx[3] > 0)) printf "     failed attempts %d in the phase (%d since start)\n", lx[3] - bx[3], lx[3]
    }
  }
  n = su = sw = dt = bmax = drain = 0; delete bx; delete lx
}
$3 == "" || $4 == "" { next }
NF == 19 { for (i = 20; i > 9; i--) $i = $(i - 1); $9 = 0 } # samples from before the failures column
$1 != lab { flush(); lab = $1; pu = ""; }
{
  hx = ($6 != "")
  if (pu != "" && $2 > pt) {
    d0 = $2 - pt; du = $3 - pu; dw = $4 - pw
    if (du > 0) {
      if (drain > 0) flush()
      if (n == 0) for (i = 0; i < 15; i++) bx[i] = prev[i]
      n++; su += du; sw += dw; dt += d0; if ($5 + 0 > bmax) bmax = $5 + 0
      for (i = 0; i < 15; i++) lx[i] = $(6 + i)
    }
    else if (dw > 0 && n > 0) drain++
    else if (n > 0 && dw == 0) flush()
  }
  pu = $3; pw = $4; pt = $2
  for (i = 0; i < 15; i++) prev[i] = $(6 + i)
}
END { flush() }' "$1"
