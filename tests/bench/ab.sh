#!/bin/sh
# tests/bench/ab.sh -- two Cunlu binaries side by side on X instances (A/B
# of a change or a -D tuning build), one thread each, the same CPU budget.
#
#   sh tests/bench/ab.sh OUT "INSTANCE ..." "SEED ..." BIN_A BIN_B
#
# For each instance and seed, A and B start together (one per core) with
# --search-time F x customers (F from the environment, default 0.05)
# --cpu-time --threads T (T from THREADS, default 1), and one line "instance n seed bks cost_a
# cost_b" is appended to OUT. Average gaps:
#   awk '{a+=($5-$4)/$4*100; b+=($6-$4)/$4*100; k++} END {print a/k, b/k}' OUT
# BENCH_DIR as in run.sh (default ../shared/benchmarks).
[ $# -eq 5 ] || { sed -n '5p' "$0" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1; insts=$2; seeds=$3; b1=$4; b2=$5; F=${F:-0.05}; T=${THREADS:-1}
D=${BENCH_DIR:-$top/../shared/benchmarks}/cvrp/X
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for i in $insts; do
	[ -r "$D/$i.vrp" ] || { echo "ab.sh: no $D/$i.vrp" >&2; exit 2; }
	n=$(awk -F: '/^DIMENSION/ { gsub(/[ \t\r]/, "", $2); print $2 - 1; exit }' "$D/$i.vrp")
	bks=$(awk -F, -v i="$i" '$1 == i { print $2; exit }' "$D/bks.csv")
	lim=$(awk -v n="$n" -v k="$F" 'BEGIN { printf "%.2f", n * k }')
	for s in $seeds; do
		nice -n 10 "$b1" solve "$D/$i.vrp" --search-time "$lim" --cpu-time --seed "$s" \
			--threads "$T" >"$tmp/a" 2>/dev/null &
		p1=$!
		nice -n 10 "$b2" solve "$D/$i.vrp" --search-time "$lim" --cpu-time --seed "$s" \
			--threads "$T" >"$tmp/b" 2>/dev/null &
		p2=$!
		wait $p1; wait $p2
		c1=$(sed -n 's/^.*: cost \([0-9.]*\), .*$/\1/p' "$tmp/a")
		c2=$(sed -n 's/^.*: cost \([0-9.]*\), .*$/\1/p' "$tmp/b")
		echo "$i $n $s $bks $c1 $c2" >>"$out"
	done
done
