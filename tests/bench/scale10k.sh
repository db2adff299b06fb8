#!/bin/sh
# tests/bench/scale10k.sh -- time to a first plan, cost over time and
# memory on 10,000 villages (issue 13 item 5; docs/benchmarks.md, "Scale:
# 10,000 villages").
#
#   sh tests/bench/scale10k.sh [SECONDS...]     (default: 10 30 60)
#
# Makes the county of tests/bench/county10k.py (10,000 villages, seed 1)
# under ${TMPDIR:-/tmp}/cunlu_scale10k once, then runs `cunlu solve` on it
# (straight-line distances x 1.3, 900 vans): first with --search-time 0.01
# (the search stops after its first plan), then with --search-time S for
# each S. The search's limits count CPU time (--cpu-time), so a loaded
# machine slows the runs without changing the work done; the iteration
# count is set out of reach (--iterations 1000000000), so time ends every
# search. Per run it prints the plan (cost, vehicles, km), the search's
# own CPU seconds, cunlu's wall-clock split (reading, distances, search,
# checking and writing; -v), the process's user + system CPU seconds and
# peak RSS (/usr/bin/time -v), and the load average. Needs ogr2ogr,
# python3 and CUNLU (default build/cunlu).
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CUNLU=${CUNLU:-build/cunlu}
[ $# -gt 0 ] || set -- 10 30 60
d=${TMPDIR:-/tmp}/cunlu_scale10k
if [ ! -f "$d/villages.shp" ]; then
	python3 tests/bench/county10k.py "$d" 10000 1 >/dev/null || { echo "scale10k.sh: county10k.py failed" >&2; exit 1; }
fi
echo "commit $(git rev-parse --short HEAD 2>/dev/null), binary $CUNLU, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| search (CPU s) | cost | vehicles | km | search CPU s | wall split: reading / distances / search / check+write | process CPU s | peak RSS MB | load |"
echo "|---|---:|---:|---:|---:|---|---:|---:|---|"
for s in first "$@"; do
	if [ "$s" = first ]; then lim=0.01; label="first plan"; else lim=$s; label=$s; fi
	/usr/bin/time -v -o "$d/time" "$CUNLU" solve "$d/villages.shp" --depot "$d/depot.shp" \
		--fleet "$d/fleet.json" --out-dir "$d/out" --search-time "$lim" --cpu-time \
		--iterations 1000000000 -vv >"$d/out.txt" 2>"$d/err" || { echo "scale10k.sh: cunlu failed: $(tail -n 1 "$d/err")" >&2; exit 1; }
	plan=$(sed -n 's/^served [0-9]* of [0-9]* villages with \([0-9]*\) vehicles: \([0-9.]*\) km, cost \([0-9.]*\)$/\3 | \1 | \2/p' "$d/out.txt")
	scpu=$(sed -n 's/^cunlu: debug: search: [0-9]* iterations in \([0-9.]*\) s, .*$/\1/p' "$d/err")
	split=$(sed -n 's/^cunlu: run: [0-9.]* s (reading \([0-9.]*\), distances \([0-9.]*\), search \([0-9.]*\), checking and writing \([0-9.]*\)).*$/\1 \/ \2 \/ \3 \/ \4/p' "$d/err")
	cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$d/time")
	rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$d/time")
	echo "| $label | $plan | $scpu | $split | $cpu | $rss | $(cut -d' ' -f1 /proc/loadavg) |"
done
