#!/bin/sh
# hgs_bench_test.sh -- tests/bench/hgs.sh (HGS-CVRP and Cunlu side by side)
# without HGS-CVRP: a fake HGS binary and a fake Cunlu give known costs, so
# the table's means over seeds, gaps, size classes (n <= 250, 251..500,
# > 500), "ahead" counts, subsets, budgets and failed runs are checked
# exactly; the fakes wait for each other, so a pair that does not run at
# the same time fails. Then the real Cunlu with a fake HGS: the script
# reads its summary line, and --cpu-time is accepted.
. "$(dirname "$0")/lib.sh"

B=$TMP/bench
mkdir -p "$B/cvrp/X" "$TMP/sync"
# instances: only DIMENSION matters to the fakes (n = DIMENSION - 1)
for d in 100 251 301 501 601 701; do
	printf 'NAME : X-n%s-k1\nTYPE : CVRP\nDIMENSION : %s\n' "$d" "$d" >"$B/cvrp/X/X-n$d-k1.vrp"
done
cat >"$B/cvrp/X/bks.csv" <<'CSV'
instance,bks_cost,bks_vehicles,source
X-n100-k1,1000,1,test
X-n251-k1,500,1,test
X-n301-k1,2000,1,test
X-n501-k1,100,1,test
X-n601-k1,4000,1,test
CSV
# costs: "who instance seed cost" (X-n701-k1 has no BKS: left out; HGS
# gives no cost for X-n601-k1 seed 2: that pair is left out)
cat >"$TMP/costs" <<'TXT'
hgs X-n100-k1 1 1000
hgs X-n100-k1 2 1010
cunlu X-n100-k1 1 1020
cunlu X-n100-k1 2 1000
hgs X-n251-k1 1 500
hgs X-n251-k1 2 500
cunlu X-n251-k1 1 505
cunlu X-n251-k1 2 505
hgs X-n301-k1 1 2020
hgs X-n301-k1 2 2020
cunlu X-n301-k1 1 2000
cunlu X-n301-k1 2 2010
hgs X-n501-k1 1 101
hgs X-n501-k1 2 101
cunlu X-n501-k1 1 101
cunlu X-n501-k1 2 101
hgs X-n601-k1 1 4040
cunlu X-n601-k1 1 4020
cunlu X-n601-k1 2 4000
TXT

# fake HGS: INSTANCE SOL -t T -seed S -log 0
cat >"$TMP/hgs" <<'SH'
#!/bin/sh
inst=$(basename "$1" .vrp); sol=$2; t=$4; s=$6
echo "hgs $inst t=$t seed=$s $*" >>"$FAKE_DIR/calls"
touch "$FAKE_DIR/sync/h.$inst.$s"
k=0; while [ ! -e "$FAKE_DIR/sync/c.$inst.$s" ]; do k=$((k + 1)); [ $k -gt 200 ] && exit 3; sleep 0.05; done
c=$(awk -v i="$inst" -v s="$s" '$1 == "hgs" && $2 == i && $3 == s { print $4 }' "$FAKE_DIR/costs")
[ -n "$c" ] || exit 0
printf 'Route #1: 1\nCost %s\n' "$c" >"$sol"
SH
# fake Cunlu: solve INSTANCE --search-time T --cpu-time --seed S ARGS...
cat >"$TMP/cunlu" <<'SH'
#!/bin/sh
inst=$(basename "$2" .vrp); t=$4; s=$7
echo "cunlu $inst t=$t seed=$s $*" >>"$FAKE_DIR/calls"
touch "$FAKE_DIR/sync/c.$inst.$s"
k=0; while [ ! -e "$FAKE_DIR/sync/h.$inst.$s" ]; do k=$((k + 1)); [ $k -gt 200 ] && exit 3; sleep 0.05; done
c=$(awk -v i="$inst" -v s="$s" '$1 == "cunlu" && $2 == i && $3 == s { print $4 }' "$FAKE_DIR/costs")
[ -n "$c" ] || { echo "no cost" >&2; exit 1; }
echo "$inst: cost $c, 1 routes, $t s"
SH
chmod +x "$TMP/hgs" "$TMP/cunlu"

run() {   # hgs.sh ARGS... with the fakes; output in $TMP/out
	rm -f "$TMP/sync"/* "$TMP/calls"
	FAKE_DIR=$TMP HGS=$TMP/hgs CUNLU=$TMP/cunlu BENCH_DIR=$B sh tests/bench/hgs.sh "$@" --no-docs >"$TMP/out" 2>"$TMP/err"
}
has() { grep -q -F -x -- "$1" "$TMP/out" && ok || { fail "$2: no line '$1'"; cat "$TMP/out"; }; }

run 0.01 --seeds 1,2 --raw "$TMP/raw"
[ $? -eq 0 ] && ok || fail "hgs.sh exit $?: $(cat "$TMP/err")"
has "| X-n100-k1 | 99 | 1000 | 1005.0 | 0.50 | 1010.0 | 1.00 | +0.50 | 2 | 0.0 / 0.0 |" "mean over seeds"
has "| X-n251-k1 | 250 | 500 | 500.0 | 0.00 | 505.0 | 1.00 | +1.00 | 2 | 0.0 / 0.0 |" "n = 250"
has "| X-n301-k1 | 300 | 2000 | 2020.0 | 1.00 | 2005.0 | 0.25 | -0.75 | 2 | 0.0 / 0.0 |" "Cunlu ahead"
has "| X-n501-k1 | 500 | 100 | 101.0 | 1.00 | 101.0 | 1.00 | +0.00 | 2 | 0.0 / 0.0 |" "equal"
has "| X-n601-k1 | 600 | 4000 | 4040.0 | 1.00 | 4020.0 | 0.50 | -0.50 | 1 | 0.0 / 0.0 |" "a failed pair left out"
grep -q 'X-n701' "$TMP/out" && fail "an instance without a BKS in the table" || ok
has "| n <= 250 | 2 | 0.250 | 1.000 | +0.750 | 2 / 0 |" "class n <= 250"
has "| 251 <= n <= 500 | 2 | 1.000 | 0.625 | -0.375 | 0 / 1 |" "class 251..500"
has "| n > 500 | 1 | 1.000 | 0.500 | -0.500 | 0 / 1 |" "class > 500"
has "| all | 5 | 0.700 | 0.750 | +0.050 | 2 / 2 |" "all"
has "1 of 10 runs failed and are left out (with their pair):" "failed count"
grep -q '^- X-n601-k1 seed 2: HGS-CVRP exit 0, no cost' "$TMP/out" && ok || fail "failed run not listed: $(cat "$TMP/out")"
[ "$(wc -l <"$TMP/raw")" -eq 9 ] && ok || fail "--raw: $(wc -l <"$TMP/raw") lines, want 9"
grep -q -x 'X-n301-k1 300 2 2000 2020 2010 [0-9.]* [0-9.]*' "$TMP/raw" && ok || fail "--raw line: $(cat "$TMP/raw")"
# --table: the same table from the --raw file, nothing run
cp "$TMP/out" "$TMP/out.run"; mv "$TMP/calls" "$TMP/calls.run"
FAKE_DIR=$TMP HGS=$TMP/no-hgs CUNLU=$TMP/no-cunlu BENCH_DIR=$TMP/none sh tests/bench/hgs.sh 0.01 --table "$TMP/raw" --no-docs >"$TMP/out" 2>"$TMP/err"
[ $? -eq 0 ] && ok || fail "--table: $(cat "$TMP/err")"
[ "$(grep '^| ' "$TMP/out")" = "$(grep '^| ' "$TMP/out.run")" ] && ok || fail "--table: another table: $(cat "$TMP/out")"
[ ! -e "$TMP/calls" ] && ok || fail "--table ran something"
cp "$TMP/out.run" "$TMP/out"; mv "$TMP/calls.run" "$TMP/calls"
# the budgets: FACTOR x n CPU seconds for both, seeds passed, one thread, --cpu-time
grep -q '^hgs X-n601-k1 t=6.00 seed=2 .* -log 0$' "$TMP/calls" && ok || fail "HGS call: $(grep X-n601 "$TMP/calls")"
grep -q -x 'cunlu X-n100-k1 t=0.99 seed=1 solve .*X-n100-k1.vrp --search-time 0.99 --cpu-time --seed 1 --threads 1' "$TMP/calls" \
	&& ok || fail "Cunlu call: $(grep 'cunlu X-n100' "$TMP/calls")"
grep -q 'X-n701' "$TMP/calls" && fail "an instance without a BKS was run" || ok

# subsets: every 2nd from the 2nd in size order (99, 250, 300, 500, 600) -> 250, 500
run 0.01 --every 2 --offset 1 --seeds 1
grep -c '^| X-n' "$TMP/out" | grep -q -x 2 && grep -q '^| X-n251-k1 ' "$TMP/out" && grep -q '^| X-n501-k1 ' "$TMP/out" \
	&& ok || fail "--every 2 --offset 1: $(grep '^| X-n' "$TMP/out")"
run 0.01 --min-n 251 --max-n 500 --seeds 2
grep -c '^| X-n' "$TMP/out" | grep -q -x 2 && grep -q '^| X-n301-k1 ' "$TMP/out" && has "| 251 <= n <= 500 | 2 | 1.000 | 0.750 | -0.250 | 0 / 1 |" "--min-n/--max-n" \
	|| fail "--min-n 251 --max-n 500: $(cat "$TMP/out")"

# HGS absent: exit 2, said so (the comparison never passes without it)
FAKE_DIR=$TMP HGS=$TMP/no-hgs CUNLU=$TMP/cunlu BENCH_DIR=$B sh tests/bench/hgs.sh 0.01 --no-docs >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && grep -q 'no HGS-CVRP binary' "$TMP/err" && ok || fail "missing HGS: $(cat "$TMP/err")"
# every pair failing: exit 1
printf 'X-n100-k1,1000,1,t\n' >"$TMP/one.csv"
rm -f "$TMP/sync"/*
sed -i '/^hgs X-n100-k1/d' "$TMP/costs"
FAKE_DIR=$TMP HGS=$TMP/hgs CUNLU=$TMP/cunlu BENCH_DIR=$B sh tests/bench/hgs.sh 0.01 --only X-n100-k1 --no-docs >"$TMP/out" 2>/dev/null
[ $? -eq 1 ] && ok || fail "no result -> exit 1"

# the real Cunlu (iteration-bound: deterministic) with a fake HGS
cp instances/A-n32-k5.vrp "$B/cvrp/X/X-n32-k5.vrp"
echo "X-n32-k5,784,5,test" >>"$B/cvrp/X/bks.csv"
echo "hgs X-n32-k5 1 784" >>"$TMP/costs"
want=$("$CUNLU" solve instances/A-n32-k5.vrp --iterations 300 --seed 1 --threads 1 | sed -n 's/^.*: cost \([0-9]*\),.*$/\1/p')
touch "$TMP/sync/c.X-n32-k5.1"   # the real Cunlu does not touch it
FAKE_DIR=$TMP HGS=$TMP/hgs CUNLU=$CUNLU CUNLU_ARGS="--threads 1 --iterations 300" BENCH_DIR=$B \
	sh tests/bench/hgs.sh 0.05 --only X-n32-k5 --no-docs >"$TMP/out" 2>"$TMP/err"
[ -n "$want" ] && grep -q "^| X-n32-k5 | 31 | 784 | 784.0 | 0.00 | $want.0 | " "$TMP/out" && ok \
	|| fail "real Cunlu: want cost $want: $(cat "$TMP/out" "$TMP/err")"
finish
