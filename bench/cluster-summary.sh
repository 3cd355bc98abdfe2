#!/usr/bin/env bash
# Medians per configuration (rep label S* = one node, grid off; C* = nodes A + B on one grid), offered rate and node
# of a cluster run's cluster.csv (bench/run.sh cluster), and the cluster's cost beside the single node.
# Columns of cluster.csv: 2 rep, 3 node (0 = A, 1 = B, all), 5 subs, 6 target, 7 updates, 11 lost, 12 out_of_order,
# 13 deliveries_per_s, 14 p50_us, 15 p99_us, 17 cpu_us_per_update, 18 cpu_us_per_delivery, 19 load1,
# 21 net_cpu_us_per_update (above the node's idle CPU, measured in the pause before the step).
set -euo pipefail
awk -F, '
NR > 1 {
  c = substr($2, 1, 1); k = c SUBSEP ($6 + 0) SUBSEP $3; n[k]++; m = n[k]
  dps[k, m] = $13; p50[k, m] = $14 / 1000; p99[k, m] = $15 / 1000; cu[k, m] = $17; cd[k, m] = $18; nu[k, m] = $21; subs[k] = $5
  lost[k] += $11; ooo[k] += $12; load[k] = load[k] " " $19
  rates[$6 + 0] = 1; nodes[$3] = 1
}
function median(arr, k, m,   i, j, t, v) {
  for (i = 1; i <= m; i++) v[i] = arr[k, i]
  for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
  return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
}
END {
  printf "%-8s %-6s %4s %5s %13s %8s %8s %6s %6s %11s %11s %12s  %s\n", "rate/s", "config", "runs", "subs", \
    "deliveries/s", "p50_ms", "p99_ms", "lost", "order", "cpu_us/upd", "net_us/upd", "cpu_us/deliv", "load1"
  nr = 0; for (r in rates) rl[++nr] = r + 0
  for (i = 1; i <= nr; i++) for (j = i + 1; j <= nr; j++) if (rl[j] < rl[i]) { t = rl[i]; rl[i] = rl[j]; rl[j] = t }
  split("S:all C:0 C:1 C:all", order, " ")
  for (i = 1; i <= nr; i++) {
    r = rl[i]
    for (o = 1; o <= 4; o++) {
      split(order[o], cn, ":"); k = cn[1] SUBSEP r SUBSEP cn[2]
      if (!(k in n)) continue
      label = cn[1] == "S" ? "single" : (cn[2] == "0" ? "A" : (cn[2] == "1" ? "B" : "A+B"))
      u[cn[1] cn[2]] = median(cu, k, n[k]); d[cn[1] cn[2]] = median(cd, k, n[k]); nt[cn[1] cn[2]] = median(nu, k, n[k])
      printf "%-8d %-6s %4d %5d %13.0f %8.2f %8.2f %6d %6d %11.1f %11.1f %12.3f %s\n", r, label, n[k], subs[k], \
        median(dps, k, n[k]), median(p50, k, n[k]), median(p99, k, n[k]), lost[k], ooo[k], u[cn[1] cn[2]], \
        nt[cn[1] cn[2]], d[cn[1] cn[2]], load[k]
    }
    if (("Sall" in u) && ("Call" in u) && d["Sall"] > 0)
      printf "%-8d cluster/single CPU per delivery = %.2f; cluster - single per update = %.1f us, above idle %.1f us (both nodes)\n", \
        r, d["Call"] / d["Sall"], u["Call"] - u["Sall"], nt["Call"] - nt["Sall"]
    delete u; delete d; delete nt
  }
}' "$1"
