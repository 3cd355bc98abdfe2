#!/usr/bin/env bash
# Medians per build (rep label A*/B*) and offered rate of an A/B fan-out run's steps.csv (bench/run.sh ab), and B/A.
# Columns of steps.csv: 5 rep, 6 target, 10 lost, 12 p99_us, 17 cpu_us_per_delivery, 20 writes_per_delivery, 27 load1.
set -euo pipefail
awk -F, 'NR > 1 && $2 == "fanout-step" {
  b = substr($5, 1, 1); k = b SUBSEP $6; n[k]++
  cpu[k, n[k]] = $17; wr[k, n[k]] = $20; p99[k, n[k]] = $12 / 1000; lost[k] += $10; load[k] = load[k] " " $27
  rates[$6] = 1
}
function median(arr, k, m,   i, j, t, v) {
  for (i = 1; i <= m; i++) v[i] = arr[k, i]
  for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
  return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
}
END {
  printf "%-9s %-5s %4s %12s %10s %10s %6s  %s\n", "rate/s", "build", "runs", "cpu_us/deliv", "writes/d", "p99_ms", "lost", "load1"
  PROCINFO["sorted_in"] = "@ind_num_asc"
  nr = 0; for (r in rates) rl[++nr] = r + 0
  for (i = 1; i <= nr; i++) for (j = i + 1; j <= nr; j++) if (rl[j] < rl[i]) { t = rl[i]; rl[i] = rl[j]; rl[j] = t }
  for (i = 1; i <= nr; i++) {
    r = rl[i]; ca = cb = ""
    for (bi = 1; bi <= 2; bi++) {
      b = bi == 1 ? "A" : "B"; k = b SUBSEP r
      if (!(k in n)) { for (kk in n) { split(kk, parts, SUBSEP); if (parts[1] == b && parts[2] + 0 == r) k = kk } }
      if (!(k in n)) continue
      c = median(cpu, k, n[k]); if (b == "A") ca = c; else cb = c
      printf "%-9d %-5s %4d %12.2f %10.3f %10.1f %6d %s\n", r, b, n[k], c, median(wr, k, n[k]), median(p99, k, n[k]), lost[k], load[k]
    }
    if (ca != "" && cb != "" && ca > 0) printf "%-9d B/A cpu per delivery = %.2f\n", r, cb / ca
  }
}' "$1"
# Server heap allocation per delivery (alloc.csv, from jstat: robust to CPU contention), medians per build and rate.
ALLOC="$(dirname "$1")/alloc.csv"
if [ -f "$ALLOC" ]; then
  echo
  awk -F, 'NR > 1 { b = substr($4, 1, 1); k = b SUBSEP $5; n[k]++; v[k, n[k]] = $7; r[$5] = 1 }
  function median(k, m,   i, j, t, a) {
    for (i = 1; i <= m; i++) a[i] = v[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  END {
    printf "%-9s %-5s %4s %16s\n", "rate/s", "build", "runs", "alloc B/deliv"
    for (rate in r) {
      ma = mb = ""
      for (bi = 1; bi <= 2; bi++) {
        b = bi == 1 ? "A" : "B"; k = b SUBSEP rate
        if (!(k in n)) continue
        m = median(k, n[k]); if (b == "A") ma = m; else mb = m
        printf "%-9d %-5s %4d %16.0f\n", rate, b, n[k], m
      }
      if (ma != "" && mb != "" && ma > 0) printf "%-9d B/A allocation per delivery = %.2f\n", rate, mb / ma
    }
  }' "$ALLOC"
fi
# The JIT compiler threads' CPU per delivery (jit.csv, from /proc/PID/task/*): compilation still running after the
# warm-up, not work per delivery; medians per build and rate, and B/A of the CPU per delivery without it.
JIT="$(dirname "$1")/jit.csv"
if [ -f "$JIT" ]; then
  echo
  awk -F, 'NR > 1 { b = substr($4, 1, 1); k = b SUBSEP $5; n[k]++; c[k, n[k]] = $6; j[k, n[k]] = $7; x[k, n[k]] = $6 - $7; r[$5] = 1 }
  function median(arr, k, m,   i, jj, t, a) {
    for (i = 1; i <= m; i++) a[i] = arr[k, i]
    for (i = 1; i <= m; i++) for (jj = i + 1; jj <= m; jj++) if (a[jj] < a[i]) { t = a[i]; a[i] = a[jj]; a[jj] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  END {
    printf "%-9s %-5s %4s %12s %10s %14s\n", "rate/s", "build", "runs", "cpu_us/deliv", "jit_us/d", "cpu-jit_us/d"
    nr = 0; for (rr in r) rl[++nr] = rr + 0
    for (i = 1; i <= nr; i++) for (jj = i + 1; jj <= nr; jj++) if (rl[jj] < rl[i]) { t = rl[i]; rl[i] = rl[jj]; rl[jj] = t }
    for (i = 1; i <= nr; i++) {
      rate = rl[i]; ma = mb = ""
      for (bi = 1; bi <= 2; bi++) {
        b = bi == 1 ? "A" : "B"; k = b SUBSEP rate
        if (!(k in n)) continue
        m = median(x, k, n[k]); if (b == "A") ma = m; else mb = m
        printf "%-9d %-5s %4d %12.2f %10.2f %14.2f\n", rate, b, n[k], median(c, k, n[k]), median(j, k, n[k]), m
      }
      if (ma != "" && mb != "" && ma > 0) printf "%-9d B/A cpu per delivery without the JIT threads = %.2f\n", rate, mb / ma
    }
  }' "$JIT"
fi
