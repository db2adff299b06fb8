#!/bin/sh
# bench_test.sh -- benchmark mode end to end: `cunlu solve FILE.vrp|.txt
# --sol OUT` exits 0, prints one summary line, and writes a .sol file whose
# routes visit every customer once within capacity and whose Cost line
# equals the cost recomputed here, independently, from the instance file
# with the family's rounding. Bad benchmark files exit 2 naming the line.
. "$(dirname "$0")/lib.sh"

# verify INSTANCE SOL KIND: KIND is nint (CVRPLIB EUC_2D), real2 (CMT:
# real distances, 2 decimals) or trunc1 (Solomon distance-only).
verify() {
	python3 - "$1" "$2" "$3" <<'PY'
import math, re, sys
inst, solf, kind = sys.argv[1:4]
lines = [l.strip() for l in open(inst, newline=None)]
xy, dem = {}, {}
if inst.endswith(".txt"):
    rows = [l.split() for l in lines if l and l.split()[0].lstrip("-").isdigit()]
    cap = int(rows[0][1])
    for r in rows[1:]:
        i = int(r[0]); xy[i] = (float(r[1]), float(r[2])); dem[i] = int(float(r[3]))
    depot = 0
else:
    sec = None; cap = None; depot = None
    for l in lines:
        if not l: continue
        if l[0].isalpha():
            key = l.split(":")[0].strip()
            if key == "CAPACITY": cap = int(l.split(":")[1])
            sec = key if key.endswith("_SECTION") else None
            continue
        f = l.split()
        if sec == "NODE_COORD_SECTION": xy[int(f[0])] = (float(f[1]), float(f[2]))
        elif sec == "DEMAND_SECTION": dem[int(f[0])] = int(f[1])
        elif sec == "DEPOT_SECTION" and depot is None: depot = int(f[0])
    # site index = node number when the depot is node 1
    assert depot == 1
    xy = {i - 1: v for i, v in xy.items()}; dem = {i - 1: v for i, v in dem.items()}
    depot = 0
def d(a, b):
    e = math.hypot(xy[a][0] - xy[b][0], xy[a][1] - xy[b][1])
    if kind == "nint": return int(e + 0.5)
    if kind == "trunc1": return math.floor(e * 10 + 1e-9) / 10
    return e
routes, cost = [], None
for l in open(solf):
    m = re.match(r"^Route #(\d+): ((\d+ )*\d+)$", l.rstrip("\n"))
    if m:
        assert int(m.group(1)) == len(routes) + 1, "route numbering"
        routes.append([int(x) for x in m.group(2).split()])
        continue
    m = re.match(r"^Cost (\S+)$", l.rstrip("\n"))
    assert m and cost is None, "bad line: %r" % l
    cost = m.group(1)
assert cost is not None, "no Cost line"
seen = sorted(c for r in routes for c in r)
assert seen == sorted(k for k in xy if k != depot), "customers not each visited once"
total = 0
for r in routes:
    assert sum(dem[c] for c in r) <= cap, "capacity"
    p = [depot] + r + [depot]
    total += sum(d(p[k], p[k + 1]) for k in range(len(p) - 1))
want = {"nint": "%d" % total, "trunc1": "%.1f" % total, "real2": "%.2f" % total}[kind]
if kind == "real2":
    assert abs(float(cost) - total) <= 0.0005 * (len(seen) + len(routes)) + 0.005, (cost, want)
else:
    assert cost == want, (cost, want)
PY
}

# solve NAME FILE KIND ARGS...: exit 0, the summary line, a .sol that verifies
solve() {
	name=$1; file=$2; kind=$3; shift 3
	rm -f "$TMP/out.sol"
	"$CUNLU" solve "$file" --sol "$TMP/out.sol" --seed 1 "$@" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	[ $rc -eq 0 ] && ok || { fail "$name: exit $rc"; cat "$TMP/stderr"; return; }
	grep -q -E "^[A-Za-z0-9_.-]+: cost [0-9.]+, [0-9]+ routes, [0-9]+\.[0-9]{2} s(, ilp (optimal|feasible|incumbent kept|infeasible|no solution|not run)( \(whole plan\))?)?$" "$TMP/stdout" \
		&& ok || fail "$name: summary line: $(cat "$TMP/stdout")"
	verify "$file" "$TMP/out.sol" "$kind" && ok || fail "$name: .sol does not verify"
	# the printed cost is the Cost line of the .sol
	c1=$(sed -n 's/^.*: cost \([0-9.]*\),.*$/\1/p' "$TMP/stdout")
	c2=$(sed -n 's/^Cost //p' "$TMP/out.sol")
	[ "$c1" = "$c2" ] && ok || fail "$name: stdout cost $c1, .sol cost $c2"
	[ -z "$(ls "$TMP" | grep '\.tmp\.')" ] && ok || fail "$name: temporary file left"
}

solve euc5 tests/fixtures/euc5.vrp nint --iterations 200
solve cmt5 tests/fixtures/cmt5.vrp real2 --iterations 200
solve sol5-distance tests/fixtures/sol5.txt trunc1 --iterations 200 --objective distance
solve A-n32-k5 instances/A-n32-k5.vrp nint --iterations 2000
solve X-n101-k25 instances/X-n101-k25.vrp nint --iterations 1000
solve R101-distance instances/R101.txt trunc1 --iterations 1000 --objective distance
solve A-n32-k5-ilp instances/A-n32-k5.vrp nint --iterations 2000 --ilp --ilp-time-limit 2
solve R101-distance-ilp instances/R101.txt trunc1 --iterations 1000 --objective distance --ilp --ilp-time-limit 2
# --ilp ends with one model over the whole plan; on these small plans GLPK
# proves it optimal over the pool, and the line says so
grep -q ", ilp optimal (whole plan)$" "$TMP/stdout" && ok || fail "--ilp: $(cat "$TMP/stdout")"
"$CUNLU" solve instances/A-n32-k5.vrp --iterations 500 >"$TMP/stdout" 2>/dev/null
grep -q "cost" "$TMP/stdout" && ! grep -q "ilp" "$TMP/stdout" && ok || fail "an ilp report without --ilp: $(cat "$TMP/stdout")"

# same seed and iterations: the same .sol
"$CUNLU" solve instances/A-n32-k5.vrp --sol "$TMP/a1.sol" --iterations 1500 -q
"$CUNLU" solve instances/A-n32-k5.vrp --sol "$TMP/a2.sol" --iterations 1500 -q
cmp -s "$TMP/a1.sol" "$TMP/a2.sol" && ok || fail "same seed, different .sol"
# ... also at the population's effort (CL_POP_PER_VILLAGE = 20,000 iterations
# per village; A-n32-k5 has 31): without opening hours a team of
# CL_TEAM_SPLIT_BIG = 4 searches, on one thread (search/team.h)
"$CUNLU" solve instances/A-n32-k5.vrp --sol "$TMP/p1.sol" --iterations 620000 --search-time 3600 --threads 1 -vv >/dev/null 2>"$TMP/p1.err"
"$CUNLU" solve instances/A-n32-k5.vrp --sol "$TMP/p2.sol" --iterations 620000 --search-time 3600 --threads 1 -q
grep -q "team: 4 searches on each of 1 thread " "$TMP/p1.err" && ! grep -q "population: " "$TMP/p1.err" &&
	ok || fail "620,000 iterations on 31 villages: not 4 searches on one thread"
cmp -s "$TMP/p1.sol" "$TMP/p2.sol" && ok || fail "4 searches on one thread: same seed, different .sol"
# ... and on two threads, two on each
"$CUNLU" solve instances/A-n32-k5.vrp --sol "$TMP/q1.sol" --iterations 620000 --search-time 3600 --threads 2 -vv >/dev/null 2>"$TMP/q1.err"
"$CUNLU" solve instances/A-n32-k5.vrp --sol "$TMP/q2.sol" --iterations 620000 --search-time 3600 --threads 2 -q
grep -q "team: 2 searches on each of 2 threads " "$TMP/q1.err" && ok || fail "--threads 2, 620,000 iterations on 31 villages: not 2 searches per thread"
cmp -s "$TMP/q1.sol" "$TMP/q2.sol" && ok || fail "--threads 2, 4 searches: same seed, different .sol"
# ... with opening hours, the population layer (search/pop.h: from
# CL_POP_PER_VILLAGE_TW = 2,000 iterations per village; R101 has 100)
"$CUNLU" solve instances/R101.txt --objective distance --sol "$TMP/r1.sol" --iterations 210000 --search-time 3600 --threads 1 -vv >/dev/null 2>"$TMP/r1.err"
"$CUNLU" solve instances/R101.txt --objective distance --sol "$TMP/r2.sol" --iterations 210000 --search-time 3600 --threads 1 -q
grep -q "population: " "$TMP/r1.err" && ok || fail "R101, 210,000 iterations: no population"
# ... of CL_POP_SIZE = 8 elites, whose -vv trace tells each elite's cost
# and each child's (pop.c)
grep -q "population: 8 elites" "$TMP/r1.err" && grep -q "population: elite 8 costs" "$TMP/r1.err" && grep -q "child of .* elites apart" "$TMP/r1.err" &&
	ok || fail "population -vv: no line per elite and per child"
cmp -s "$TMP/r1.sol" "$TMP/r2.sol" && ok || fail "population: same seed, different .sol"
# ... and with --threads 2: a population per thread, the best plan
# migrating between them at each 5% of the effort (search/team.h)
"$CUNLU" solve instances/R101.txt --objective distance --sol "$TMP/s1.sol" --iterations 210000 --search-time 3600 --threads 2 -vv >/dev/null 2>"$TMP/s1.err"
"$CUNLU" solve instances/R101.txt --objective distance --sol "$TMP/s2.sol" --iterations 210000 --search-time 3600 --threads 2 -q
grep -q "population: 2 searches" "$TMP/s1.err" && ok || fail "--threads 2, R101, 210,000 iterations: no population"
cmp -s "$TMP/s1.sol" "$TMP/s2.sol" && ok || fail "population, --threads 2: same seed, different .sol"
# ... also with --threads: 3 searches exchanging plans at each 5% of the
# effort (search/team.h); a search time far above what 9,000 iterations take, so
# that the iterations alone set the annealing's effort fraction even on a
# loaded machine (anneal.h: the larger of the iteration and time fractions)
"$CUNLU" solve instances/X-n101-k25.vrp --sol "$TMP/t1.sol" --iterations 9000 --threads 3 --search-time 3600 -q
"$CUNLU" solve instances/X-n101-k25.vrp --sol "$TMP/t2.sol" --iterations 9000 --threads 3 --search-time 3600 -q
cmp -s "$TMP/t1.sol" "$TMP/t2.sol" && ok || fail "--threads 3: same seed, different .sol"
"$CUNLU" solve instances/X-n101-k25.vrp --sol "$TMP/t3.sol" --iterations 9000 --threads 1 --search-time 3600 -q
cmp -s "$TMP/t1.sol" "$TMP/t3.sol" && fail "--threads 3 gave the one-thread plan (no second search?)" || ok
# ... and with the default thread count: the cores online, at most 8
nt=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
[ "$nt" -gt 8 ] && nt=8
"$CUNLU" solve instances/X-n101-k25.vrp --sol "$TMP/d1.sol" --iterations 9000 --search-time 3600 -q
"$CUNLU" solve instances/X-n101-k25.vrp --sol "$TMP/d2.sol" --iterations 9000 --search-time 3600 -q
cmp -s "$TMP/d1.sol" "$TMP/d2.sol" && ok || fail "default --threads: same seed, different .sol"
"$CUNLU" solve instances/X-n101-k25.vrp --sol "$TMP/d3.sol" --iterations 9000 --threads "$nt" \
	--search-time 3600 -q
cmp -s "$TMP/d1.sol" "$TMP/d3.sol" && ok || fail "the default is not --threads $nt (the cores, at most 8)"

# bad input: exit 2, "file: line N" on stderr, no .sol
printf 'NAME : bad\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 zero\n' >"$TMP/bad.vrp"
rm -f "$TMP/bad.sol"
"$CUNLU" solve "$TMP/bad.vrp" --sol "$TMP/bad.sol" 2>"$TMP/stderr"
[ $? -eq 2 ] && ok || fail "bad .vrp -> 2"
grep -q "bad.vrp: line 9: y coordinate \"zero\" is not a number" "$TMP/stderr" && ok || fail "bad .vrp message: $(cat "$TMP/stderr")"
[ ! -e "$TMP/bad.sol" ] && ok || fail "bad .vrp wrote a .sol"
"$CUNLU" solve "$TMP/missing.txt" 2>/dev/null; [ $? -eq 2 ] && ok || fail "missing .txt -> 2"
"$CUNLU" solve instances/C101.txt --objective fastest 2>/dev/null; [ $? -eq 2 ] && ok || fail "--objective fastest -> 2"
"$CUNLU" solve maps/andorra/villages.shp --sol "$TMP/x.sol" 2>/dev/null; [ $? -eq 2 ] && ok || fail "--sol with a shapefile -> 2"
# an unwritable --sol: exit 4
"$CUNLU" solve tests/fixtures/euc5.vrp --iterations 50 --sol /nonexistent-dir/x.sol 2>/dev/null; [ $? -eq 4 ] && ok || fail "unwritable --sol -> 4"

# --cpu-time: the search's limit counts CPU seconds, not wall seconds. The
# process is stopped (SIGSTOP) for 1 s during a 0.5 s search: on CPU time it
# still searches 0.5 s after it resumes (wall >= 1.5 s), and the summary
# gives the CPU seconds; on wall time (the switch ignored) it would end when
# it resumes, at about 1.1 s, and print about 1 s. (No wall-time control
# run: on a loaded machine the pause may fall before the search starts.)
# One thread: --cpu-time counts the CPU of all threads, so with the default
# (the cores online) two threads spend the 0.5 s in about 0.25 s of wall
# time and the run ended at 1,495 ms on a two-core machine.
now_ms() { date +%s%3N; }
paused_run() {   # ARGS...: prints the wall milliseconds, the summary in $TMP/paused.out
	t0=$(now_ms)
	"$CUNLU" solve instances/X-n101-k25.vrp --search-time 0.5 --seed 1 "$@" >"$TMP/paused.out" 2>/dev/null &
	pid=$!
	sleep 0.1; kill -STOP $pid; sleep 1; kill -CONT $pid
	wait $pid
	echo $(( $(now_ms) - t0 ))
}
ms=$(paused_run --cpu-time --threads 1)
[ "$ms" -ge 1500 ] && ok || fail "--cpu-time: a paused 0.5 s search ended after $ms ms of wall time"
secs=$(sed -n 's/^.*routes, \([0-9.]*\) s$/\1/p' "$TMP/paused.out")
awk -v s="$secs" 'BEGIN { exit !(s >= 0.5 && s < 0.9) }' && ok || fail "--cpu-time: summary time $secs s is not the CPU time (0.5 s)"
"$CUNLU" --help | grep -q -- '--cpu-time' && ok || fail "--help: no --cpu-time"

# The rural-fleet variant sets (issue 11), when ../shared/benchmarks is
# there (CI lays it beside the clone): a .sol per set, one line per route
# or trip naming its vehicle (and trip), passes the data's own checkers
# (tests/bench/check_sols.py: LKH-3 VRPSPD, PyVRP HFVRP and MTVRPTWR,
# Golden/Taillard) with the printed cost; a plan made wrong fails them.
B="$top/../shared/benchmarks"
if [ -d "$B/_tools" ]; then
	mkdir -p "$TMP/var"
	for f in vrpspd/dethloff/instances/CON3-0.vrpspd hfvrp/golden/lacomme_prins/HFVRP/HVRP13.txt \
		hfvrp/pessoa_x/X101-FSMFD.vrp mtvrptw/yang/C201R0.25.vrp; do
		name=$(basename "$f"); name=${name%.*}
		"$CUNLU" solve "$B/$f" --iterations 300 --seed 1 --sol "$TMP/var/$name.sol" >"$TMP/var.out" 2>&1 \
			&& ok || fail "$name: $(cat "$TMP/var.out")"
	done
	grep -q '^Route #1 (vehicle [0-9]*, trip 1): [0-9]' "$TMP/var/C201R0.25.sol" && ok \
		|| fail "C201R0.25.sol: trips not named: $(head -n 2 "$TMP/var/C201R0.25.sol")"
	grep -q '^Route #[0-9]* (vehicle [0-9]*, trip 2): [0-9]' "$TMP/var/C201R0.25.sol" && ok \
		|| fail "C201R0.25.sol: no vehicle makes a second trip"
	grep -q '^Route #1 (vehicle [0-9]*): [0-9]' "$TMP/var/HVRP13.sol" && ok \
		|| fail "HVRP13.sol: vehicles not named: $(head -n 2 "$TMP/var/HVRP13.sol")"
	grep -q '^Route #1: [0-9]' "$TMP/var/CON3-0.sol" && ok || fail "CON3-0.sol: plain CVRPLIB lines"
	python3 tests/bench/check_sols.py "$TMP/var" "$B" >"$TMP/check.out" 2>&1 \
		&& grep -q '^4 of 4 plans pass the checkers$' "$TMP/check.out" && ok \
		|| fail "check_sols.py: $(cat "$TMP/check.out")"
	# made wrong: a cost off by 0.1, one customer twice, a vehicle's trips
	# renumbered (two trip 3s), every later trip folded into route 1's
	# (overloaded)
	mkdir -p "$TMP/bad1" "$TMP/bad2" "$TMP/bad3" "$TMP/bad4"
	awk '/^Cost / { printf "Cost %.1f\n", $2 + 0.1; next } { print }' "$TMP/var/C201R0.25.sol" \
		>"$TMP/bad1/C201R0.25.sol"
	awk '/^Route #1:/ { print $0 " 1"; next } { print }' "$TMP/var/CON3-0.sol" >"$TMP/bad2/CON3-0.sol"
	awk '/trip 1\)/ { sub(/trip 1\)/, "trip 3)") } { print }' "$TMP/var/C201R0.25.sol" >"$TMP/bad3/C201R0.25.sol"
	awk -v extra="$(awk -F: '/^Route/ && !/trip 1\)/ { printf "%s", $2 }' "$TMP/var/C201R0.25.sol")" \
		'/^Route #1 / { print $0 extra; next } /^Route/ && !/trip 1\)/ { next } { print }' \
		"$TMP/var/C201R0.25.sol" >"$TMP/bad4/C201R0.25.sol"
	for d in bad1 bad2 bad3 bad4; do
		python3 tests/bench/check_sols.py "$TMP/$d" "$B" >"$TMP/check.out" 2>&1 \
			&& fail "check_sols.py accepts $d: $(cat "$TMP/check.out")" || ok
		grep -q ': FAIL (' "$TMP/check.out" && ok || fail "check_sols.py $d: $(cat "$TMP/check.out")"
	done
fi

# compare.sh: means over seeds, only shared instances, signs and counts
cat >"$TMP/a1.md" <<'MD'
| instance | n | BKS | cost | gap % | routes | BKS routes | time s |
|---|---:|---:|---:|---:|---:|---:|---:|
| I-one | 100 | 10 | 11 | 1.00 | 1 | 1 | 1 |
| I-two | 300 | 10 | 11 | 2.00 | 1 | 1 | 1 |
| I-only-a | 50 | 10 | 11 | 9.00 | 1 | 1 | 1 |
MD
cat >"$TMP/a2.md" <<'MD'
| I-one | 100 | 10 | 11 | 3.00 | 1 | 1 | 1 |
| I-two | 300 | 10 | 11 | failed (exit 1) | | 1 | |
MD
cat >"$TMP/b1.md" <<'MD'
| I-two | 300 | 10 | 11 | 2.50 | 1 | 1 | 1 |
| I-one | 100 | 10 | 11 | 1.50 | 1 | 1 | 1 |
MD
sh tests/bench/compare.sh "$TMP/a1.md $TMP/a2.md" "$TMP/b1.md" old new >"$TMP/cmp.out" 2>&1
grep -q '^| I-one | 100 | 2.00 | 1.50 | -0.50 |$' "$TMP/cmp.out" && ok || fail "compare.sh: mean over seeds: $(cat "$TMP/cmp.out")"
grep -q '^| I-two | 300 | 2.00 | 2.50 | +0.50 |$' "$TMP/cmp.out" && ok || fail "compare.sh: failed rows skipped"
grep -q 'I-only-a' "$TMP/cmp.out" && fail "compare.sh: an instance of one group only" || ok
grep -q '^2 instances: average gap old 2.000%, new 2.000% (+0.000 pp); new better on 1, worse on 1, equal on 0$' "$TMP/cmp.out" \
	&& ok || fail "compare.sh summary: $(tail -n 3 "$TMP/cmp.out")"
finish
