#!/bin/sh
# tests/bench/ab.sh -- two Cunlu binaries side by side on X, Solomon or Homberger instances (A/B
# of a change or a -D tuning build), one thread each, the same CPU budget.
#
#   sh tests/bench/ab.sh OUT "INSTANCE ..." "SEED ..." BIN_A BIN_B
#
# For each instance and seed, A and B start together (one per core) with
# --search-time F x customers (F from the environment, default 0.05)
# --cpu-time --threads T (T from THREADS, default 1), and one line "instance n seed bks cost_a
# cost_b" is appended to OUT. Average gaps:
#   awk '{a+=($5-$4)/$4*100; b+=($6-$4)/$4*100; k++} END {print a/k, b/k}' OUT
# BENCH_DIR as in run.sh (default ../shared/benchmarks). SET=solomon or
# SET=homberger runs those VRPTW instances instead (OBJ: --objective,
# default distance; the BKS of that objective; n: the customer rows).
[ $# -eq 5 ] || { sed -n '5p' "$0" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1; insts=$2; seeds=$3; b1=$4; b2=$5; F=${F:-0.05}; T=${THREADS:-1}
SET=${SET:-X}; OBJ=${OBJ:-distance}
case $SET in
X) D=${BENCH_DIR:-$top/../shared/benchmarks}/cvrp/X; ext=vrp; bksf=bks.csv; objarg="" ;;
solomon|homberger)
	D=${BENCH_DIR:-$top/../shared/benchmarks}/vrptw/$SET; ext=txt; objarg="--objective $OBJ"
	if [ "$OBJ" = distance ]; then bksf=bks_distance_only.csv; else bksf=bks.csv; fi ;;
*) echo "ab.sh: SET is X, solomon or homberger" >&2; exit 2 ;;
esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for i in $insts; do
	f=$D/$i.$ext
	[ -r "$f" ] || { echo "ab.sh: no $f" >&2; exit 2; }
	if [ "$ext" = vrp ]; then
		n=$(awk -F: '/^DIMENSION/ { gsub(/[ \t\r]/, "", $2); print $2 - 1; exit }' "$f")
	else
		n=$(awk '{ sub(/\r$/, "") } NF == 7 && $1 ~ /^[0-9]+$/ { n++ } END { print n - 1 }' "$f")
	fi
	bks=$(awk -F, -v i="$i" '$1 == i { print $2; exit }' "$D/$bksf")
	bksv=$(awk -F, -v i="$i" 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == "bks_vehicles") c = k }
		$1 == i { print (c ? $c : "-"); exit }' "$D/$bksf")
	lim=$(awk -v n="$n" -v k="$F" 'BEGIN { printf "%.2f", n * k }')
	for s in $seeds; do
		nice -n 10 "$b1" solve "$f" --search-time "$lim" --cpu-time --seed "$s" \
			--threads "$T" $objarg >"$tmp/a" 2>/dev/null &
		p1=$!
		nice -n 10 "$b2" solve "$f" --search-time "$lim" --cpu-time --seed "$s" \
			--threads "$T" $objarg >"$tmp/b" 2>/dev/null &
		p2=$!
		wait $p1; wait $p2
		c1=$(sed -n 's/^.*: cost \([0-9.]*\), .*$/\1/p' "$tmp/a")
		c2=$(sed -n 's/^.*: cost \([0-9.]*\), .*$/\1/p' "$tmp/b")
		r1=$(sed -n 's/^.*: cost [0-9.]*, \([0-9]*\) routes.*$/\1/p' "$tmp/a")
		r2=$(sed -n 's/^.*: cost [0-9.]*, \([0-9]*\) routes.*$/\1/p' "$tmp/b")
		echo "$i $n $s $bks $c1 $c2 ${r1:--} ${r2:--} ${bksv:--}" >>"$out"
	done
done
