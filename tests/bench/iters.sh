#!/bin/sh
# tests/bench/iters.sh -- iteration-bounded runs on CVRPLIB X instances, for
# side-by-side comparisons of two search binaries on a busy machine (the
# plan depends on the seed and the iterations only, not on the CPU share).
#
#   sh tests/bench/iters.sh BINARY SEED ITERS_PER_CUSTOMER INSTANCE...
#
# INSTANCE is a name (X-n101-k25) looked up in $BENCH_DIR/cvrp/X, or with
# ITERS_SET=solomon a Solomon name (R101) solved with the distance objective
# against bks_distance_only.csv. Prints a Markdown table as run.sh does
# (instance, n, BKS, cost, gap %, CPU s) that tests/bench/compare.sh reads.
# --search-time 100000 keeps the time out of the annealing's schedule.
top=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-$top/../shared/benchmarks}
[ $# -ge 4 ] || { sed -n '6p' "$0" >&2; exit 2; }
bin=$1; seed=$2; per=$3; shift 3
echo "| instance | n | BKS | cost | gap % | CPU s |"
echo "|---|---:|---:|---:|---:|---:|"
for name in "$@"; do
	if [ "${ITERS_SET:-X}" = solomon ]; then
		f=$BENCH_DIR/vrptw/solomon/$name.txt
		n=100
		bks=$(awk -F, -v i="$name" '$1 == i { print $2 }' "$BENCH_DIR/vrptw/solomon/bks_distance_only.csv")
		extra="--objective distance"
	else
		f=$BENCH_DIR/cvrp/X/$name.vrp
		n=$(awk -F: '/^DIMENSION/ { gsub(/[ \t\r]/, "", $2); print $2 - 1; exit }' "$f")
		bks=$(awk -F, -v i="$name" '$1 == i { print $2 }' "$BENCH_DIR/cvrp/X/bks.csv")
		extra=""
	fi
	# shellcheck disable=SC2086
	out=$( { /usr/bin/time -f "cpu %U" "$bin" solve "$f" --iterations $((per * n)) --search-time 100000 \
		--seed "$seed" --threads 1 $extra; } 2>&1)
	cost=$(echo "$out" | sed -n 's/.*: cost \([0-9.]*\),.*/\1/p' | head -n 1)
	cpu=$(echo "$out" | sed -n 's/^cpu //p')
	echo "$name $n $bks $cost $cpu" | awk '{ printf "| %s | %d | %s | %s | %.3f | %s |\n",
		$1, $2, $3, $4, ($4 - $3) * 100 / $3, $5 }'
done
