#!/usr/bin/env bash
# idle-floor.sh PID SECONDS LABEL OUTDIR: a process's idle CPU over SECONDS (utime+stime of /proc/PID/stat) and the
# threads that spent it (/proc/PID/task/*/stat deltas, thread names from /proc/PID/task/*/comm: Java's first 15
# characters). Appends "label,seconds,cpu_ms_per_s,load1" to OUTDIR/floor.csv and the top threads to OUTDIR/floor.txt.
set -euo pipefail
pid=$1; secs=$2; label=$3; out=$4
tck=$(getconf CLK_TCK)
snap() { # tid ticks comm, one line per thread
  for t in /proc/"$pid"/task/*; do
    local s; s=$(cat "$t/stat" 2>/dev/null) || continue
    s=${s##*) }
    # fields after "comm)": state=1 ... utime=12 stime=13
    set -- $s
    echo "${t##*/} $((${12} + ${13})) $(tr ' ' '_' < "$t/comm" 2>/dev/null)"
  done
}
proc_ticks() { local s; s=$(cat /proc/"$pid"/stat); s=${s##*) }; set -- $s; echo $((${12} + ${13})); }
b=$(mktemp); a=$(mktemp)
snap > "$b"; p0=$(proc_ticks); load0=$(cut -d' ' -f1 /proc/loadavg)
sleep "$secs"
snap > "$a"; p1=$(proc_ticks); load1=$(cut -d' ' -f1 /proc/loadavg)
ms=$(awk -v d=$((p1 - p0)) -v t="$tck" -v s="$secs" 'BEGIN { printf "%.1f", d * 1000 / t / s }')
[ -f "$out/floor.csv" ] || echo "label,seconds,cpu_ms_per_s,load1_start,load1_end" > "$out/floor.csv"
echo "$label,$secs,$ms,$load0,$load1" >> "$out/floor.csv"
{
  echo "== $(date -u +%H:%M:%S) $label: $ms ms CPU per s over $secs s (load $load0 -> $load1); threads by CPU (ms/s):"
  # per thread name (pools summed): delta ticks -> ms/s
  awk -v t="$tck" -v s="$secs" 'NR == FNR { b[$1] = $2; next }
    { d = $2 - ($1 in b ? b[$1] : 0); n = $3; sub(/-?[0-9]+$/, "#", n); c[n] += d; k[n]++ }
    END { for (n in c) if (c[n] > 0) printf "%8.2f  %-20s x%d\n", c[n] * 1000 / t / s, n, k[n] }' "$b" "$a" | sort -rn | head -25
} | tee -a "$out/floor.txt"
rm -f "$b" "$a"
