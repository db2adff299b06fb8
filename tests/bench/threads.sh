#!/bin/sh
# tests/bench/threads.sh -- --threads N against --threads 1 at the same
# wall-clock budget on CVRPLIB X (issue 13 item 2; docs/benchmarks.md).
#
#   sh tests/bench/threads.sh FACTOR EVERY N [SEED...]   (default seed 1)
#
# Every EVERY-th X instance in size order gets --search-time FACTOR x
# customers twice, one run after the other (--threads 1, then --threads
# N), so that both see the same load; per instance the two costs and gaps
# to the BKS, then the average gaps and the load average before and after.
# CPU=1: --cpu-time as well, so that both get the same CPU seconds (what
# the second thread is worth as such, not as a second share of the
# machine).
# ITERS=K: instead of the time, K x customers iterations for each thread
# (--iterations, with --time-limit 100000 so that the default 30 s limit
# does not cut the run): the same plans on every run, whatever the load --
# what the algorithm does with N threads, not how the machine runs them.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CUNLU=${CUNLU:-build/cunlu}
BENCH_DIR=${BENCH_DIR:-$top/../shared/benchmarks}
[ $# -ge 3 ] || { sed -n 5p "$0" >&2; exit 2; }
factor=$1; every=$2; nt=$3; shift 3
[ $# -gt 0 ] || set -- 1
x=$BENCH_DIR/cvrp/X
tmp=$(mktemp)
echo "commit $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)${CPU:+, --cpu-time}${ITERS:+, $ITERS iterations per customer and thread}"
printf '%-14s %4s %8s %8s %7s %8s %7s\n' instance seed bks t1 gap1 "t$nt" "gap$nt"
for f in "$x"/X-*.vrp; do
	n=$(awk -F: '/^DIMENSION/ { gsub(/[ \t\r]/, "", $2); print $2 - 1; exit }' "$f")
	echo "$n $f"
done | sort -n | awk -v e="$every" '(NR - 1) % e == 0' | while read -r n f; do
	name=$(basename "$f" .vrp)
	bks=$(awk -F, -v i="$name" '$1 == i { print $2 }' "$x/bks.csv")
	if [ -n "$ITERS" ]; then
		budget="--iterations $((ITERS * n)) --time-limit 100000"
	else
		budget="--search-time $(echo "$n $factor" | awk '{ printf "%.2f", $1 * $2 }')"
	fi
	for s in "$@"; do
		c1=$("$CUNLU" solve "$f" $budget --seed "$s" ${CPU:+--cpu-time} --threads 1 2>/dev/null | sed 's/.*cost \([0-9.]*\),.*/\1/')
		cn=$("$CUNLU" solve "$f" $budget --seed "$s" ${CPU:+--cpu-time} --threads "$nt" 2>/dev/null | sed 's/.*cost \([0-9.]*\),.*/\1/')
		echo "$name $s $bks $c1 $cn" | awk '{ printf "%-14s %4s %8s %8s %6.2f%% %8s %6.2f%%\n",
			$1, $2, $3, $4, 100 * ($4 - $3) / $3, $5, 100 * ($5 - $3) / $3 }'
	done
done | tee "$tmp" 
awk '{ g1 += $5; gn += $7; k++ } END { printf "average over %d runs: --threads 1 %.3f%%, --threads N %.3f%% (%.0f%% lower)\n", k, g1 / k, gn / k, 100 * (1 - gn / g1) }' "$tmp"
rm -f "$tmp"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
