#!/bin/sh
# tests/bench/run.sh -- run the search on a benchmark set and compare with
# the best-known solutions.
#
#   sh tests/bench/run.sh SET FACTOR [--every K] [--max-n N] [--first N]
#                         [--only NAME,NAME] [--objective distance|hierarchical]
#                         [--ilp] [--seed S] [--sol-dir DIR] [--cpu-time]
#                         [--no-docs]
#
# SET is X, A, B, P, CMT, Golden, solomon or homberger; or, for the rural
# fleet variants (issue 11), vrpspd (Dethloff and Montane-Galvao; or
# dethloff, montane alone), hfvrp (Golden et al. FSM/HVRP and Pessoa et
# al.'s X-based set; or golden, pessoa alone) or mtvrptw (Yang's multi-trip
# VRPTW with release dates). Each instance gets
# --search-time FACTOR x customers (the usual budget is 0.05 s per
# customer), one thread, seed S (default 1), one instance at a time;
# --cpu-time makes that budget the search's CPU seconds (cunlu
# --cpu-time), so that a loaded machine slows the run without changing
# the work done. The subset options
# pick every K-th instance (in size order), those with at most N customers,
# the first N, or named ones. The Markdown table (instance, BKS, our cost,
# gap, routes, BKS routes, time; average and maximum gap) goes to stdout and
# is appended to docs/benchmarks.md with the command, date, machine and git
# commit, unless --no-docs. Data: $BENCH_DIR, by default ../shared/benchmarks
# beside the work tree (the layout of its SOURCES.md). CUNLU names the binary
# (default build/cunlu); --sol-dir DIR keeps each instance's plan as
# DIR/NAME.sol (cunlu --sol; check them with tests/bench/check_sols.py);
# BENCH_VERSION, if set, replaces the git description
# of the search in the record (for a binary built from another state).
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CUNLU=${CUNLU:-build/cunlu}
BENCH_DIR=${BENCH_DIR:-$top/../shared/benchmarks}

usage() { sed -n '5,8p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
set_name=$1; factor=$2; shift 2
cmdline="sh tests/bench/run.sh $set_name $factor $*"
every=1; maxn=0; first=0; only=""; objective=""; docs=1; ilparg=""; seed=1; soldir=""; cpuarg=""
while [ $# -gt 0 ]; do
	case $1 in
	--every) every=$2; shift 2 ;;
	--max-n) maxn=$2; shift 2 ;;
	--first) first=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--objective) objective=$2; shift 2 ;;
	--no-docs) docs=0; shift ;;
	--ilp) ilparg=--ilp; shift ;;
	--seed) seed=$2; shift 2 ;;
	--sol-dir) soldir=$2; shift 2 ;;
	--cpu-time) cpuarg=--cpu-time; shift ;;
	*) echo "run.sh: unknown option $1" >&2; usage ;;
	esac
done
case $factor in ''|*[!0-9.]*) echo "run.sh: FACTOR $factor is not a number" >&2; exit 2 ;; esac
case $seed in ''|*[!0-9]*) echo "run.sh: seed $seed is not a number" >&2; exit 2 ;; esac

# The set: lines "DIR EXT BKS" (paths in $BENCH_DIR), one per folder.
sets() {
	case $1 in
	X) echo "cvrp/X vrp cvrp/X/bks.csv" ;;
	A|B|P|CMT|Golden) echo "cvrp/classic/$1 vrp cvrp/classic/bks.csv" ;;
	solomon|homberger)
		if [ "$objective" = distance ]; then b=bks_distance_only.csv; else b=bks.csv; fi
		echo "vrptw/$1 txt vrptw/$1/$b" ;;
	dethloff) echo "vrpspd/dethloff/instances vrpspd vrpspd/dethloff/bks.csv" ;;
	montane) echo "vrpspd/montane_galvao/instances vrpspd vrpspd/montane_galvao/bks.csv" ;;
	vrpspd) sets dethloff; sets montane ;;
	golden)
		for v in VFMP_F VFMP_V VFMP_FV HFVRP; do
			echo "hfvrp/golden/lacomme_prins/$v txt hfvrp/golden/bks.csv"
		done ;;
	pessoa) echo "hfvrp/pessoa_x vrp hfvrp/pessoa_x/bks.csv" ;;
	hfvrp) sets golden; sets pessoa ;;
	mtvrptw) echo "mtvrptw/yang vrp mtvrptw/yang/bks.csv" ;;
	*) return 1 ;;
	esac
}
case $set_name in solomon|homberger) [ -n "$objective" ] || objective=hierarchical ;; esac
sets "$set_name" >/dev/null || {
	echo "run.sh: unknown set $set_name (X, A, B, P, CMT, Golden, solomon, homberger, vrpspd, dethloff, montane, hfvrp, golden, pessoa, mtvrptw)" >&2
	exit 2; }
bks=$(sets "$set_name" | awk '{ print $3 }' | sort -u | tr '\n' ' ' | sed 's/ $//')
sets "$set_name" | while read -r dir ext b; do
	[ -d "$BENCH_DIR/$dir" ] || { echo "run.sh: no $BENCH_DIR/$dir (set BENCH_DIR)" >&2; exit 2; }
done || exit 2
[ -x "$CUNLU" ] || { echo "run.sh: no $CUNLU (run make)" >&2; exit 2; }
if [ -n "$soldir" ]; then
	mkdir -p "$soldir" || exit 2
fi
objarg=""
[ -n "$objective" ] && objarg="--objective $objective"

# customers FILE: DIMENSION - 1, the customer rows of a Solomon file, or
# the first number of a Lacomme-Prins file (its lines start with //)
customers() {
	case $1 in
	*.vrp|*.vrpspd) awk -F: '/^DIMENSION/ { gsub(/[ \t\r]/, "", $2); print $2 - 1; exit }' "$1" ;;
	*.txt)
		if awk 'NF { exit !($1 ~ /^\/\//) }' "$1"; then
			awk '!/^[ \t]*\/\// && NF { print $1; exit }' "$1"
		else
			awk '{ sub(/\r$/, "") } NF == 7 && $1 ~ /^[0-9]+$/ { n++ } END { print n - 1 }' "$1"
		fi ;;
	esac
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the instances in size order ("n file bks"), then the subset; instances
# without a row in their BKS file are left out
sets "$set_name" | while read -r dir ext b; do
	for f in "$BENCH_DIR/$dir"/*."$ext"; do
		[ -f "$f" ] || continue
		name=$(basename "$f" ".$ext")
		awk -F, -v i="$name" '$1 == i { found = 1 } END { exit !found }' "$BENCH_DIR/$b" || continue
		echo "$(customers "$f") $f $b"
	done
done | sort -n -k1,1 -k2,2V >"$tmp/all"
awk -v every="$every" -v maxn="$maxn" -v first="$first" -v only=",$only," '
	{ name = $2; sub(/.*\//, "", name); sub(/\.[^.]*$/, "", name) }
	only != ",," && index(only, "," name ",") == 0 { next }
	maxn > 0 && $1 > maxn { next }
	{ k++ }
	(k - 1) % every != 0 { next }
	first > 0 && ++taken > first { next }
	{ print }' "$tmp/all" >"$tmp/list"
[ -s "$tmp/list" ] || { echo "run.sh: no instance matches" >&2; exit 2; }

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# uncommitted changes to the search itself, and how many other files differ
dirty=$(git status --porcelain -- solver include 2>/dev/null | awk '
	$2 ~ /solver\/search\// { printf "%s%s", sep, $2; sep = ", "; next }
	{ other++ } END { if (other) printf "%s(%d other files in solver/ and include/)", sep, other }')
[ -n "$dirty" ] && commit="$commit, plus uncommitted changes: $dirty"
bin_date=$(date -u -r "$CUNLU" '+%Y-%m-%d %H:%M UTC' 2>/dev/null)
# A binary built earlier (CUNLU=...) may not match the tree: say which search it is.
[ -n "$BENCH_VERSION" ] && commit=$BENCH_VERSION
cpu=$(sed -n 's/^model name[ \t]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
date_utc=$(date -u '+%Y-%m-%d %H:%M UTC')

{
	echo
	echo "## $set_name${objective:+ ($objective)}, $factor s per customer, $(wc -l <"$tmp/list") instances ($date_utc)"
	echo
	echo "- command: \`$cmdline\`"
	echo "- search: git commit $commit; binary $CUNLU built $bin_date"
	echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}; one thread, seed $seed, one instance at a time${cpuarg:+; the budget in CPU seconds (--cpu-time)}"
	echo "- BKS: \`$bks\` in $(echo "$BENCH_DIR" | sed "s|^$top/||") (sources: its SOURCES.md)"
	echo
	if [ -n "$ilparg" ]; then
		echo "| instance | n | BKS | cost | gap % | routes | BKS routes | time s | ilp (last model) |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
	else
		echo "| instance | n | BKS | cost | gap % | routes | BKS routes | time s |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	fi
} >"$tmp/table"
cat "$tmp/table"

: >"$tmp/gaps"
# the CPU the searches get (children's user + system seconds, before and
# after) against the wall time they take: on a shared machine a search
# limited in seconds gets less than a core
# (times must run in this shell: a $(...) subshell has no children yet)
cpu_of_children() { awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$1"; }
times >"$tmp/times0"; wall0=$(date +%s.%N)
while read -r n f b; do
	name=$(basename "$f"); name=${name%.*}
	limit=$(awk -v n="$n" -v k="$factor" 'BEGIN { t = n * k; if (t < 0.1) t = 0.1; printf "%.2f", t }')
	line=$(awk -F, -v i="$name" '$1 == i { print $2 "," $3; exit }' "$BENCH_DIR/$b")
	bcost=${line%%,*}; broutes=${line#*,}
	solarg=""
	[ -n "$soldir" ] && solarg="--sol $soldir/$name.sol"
	# shellcheck disable=SC2086
	out=$("$CUNLU" solve "$f" --search-time "$limit" --seed "$seed" --threads 1 $cpuarg $objarg $ilparg $solarg 2>"$tmp/err")
	rc=$?
	cost=$(echo "$out" | sed -n 's/^.*: cost \([0-9.]*\), .*$/\1/p')
	routes=$(echo "$out" | sed -n 's/^.*, \([0-9]*\) routes, .*$/\1/p')
	# multi-trip sets: routes are trips, and the BKS counts vehicles
	vehicles=$(echo "$out" | sed -n 's/^.*, \([0-9]*\) vehicles, .*$/\1/p')
	shown=$routes
	if [ -n "$vehicles" ]; then
		shown="$vehicles ($routes trips)"
		routes=$vehicles
	fi
	secs=$(echo "$out" | sed -n 's/^.*\(routes\|vehicles\), \([0-9.]*\) s.*$/\2/p')
	ilpcol=""
	[ -n "$ilparg" ] && ilpcol=" $(echo "$out" | sed -n 's/^.*, ilp \(.*\)$/\1/p') |"
	if [ $rc -ne 0 ] || [ -z "$cost" ]; then
		row="| $name | $n | ${bcost:--} | failed (exit $rc) | | | ${broutes:--} | |"
		echo "$name: exit $rc: $(tail -n 1 "$tmp/err")" >&2
	else
		gap=$(awk -v c="$cost" -v b="$bcost" 'BEGIN { if (b > 0) printf "%.2f", 100 * (c - b) / b; else print "-" }')
		[ "$gap" != "-" ] && echo "$gap $routes ${broutes:-0}" >>"$tmp/gaps"
		# hierarchical: a distance gap means nothing at another vehicle count
		if [ "$objective" = hierarchical ] && [ -n "$broutes" ] && [ "$routes" != "$broutes" ]; then
			gap="($gap) $(awk -v r="$routes" -v b="$broutes" 'BEGIN { printf "%+d veh", r - b }')"
		fi
		row="| $name | $n | ${bcost:--} | $cost | $gap | $shown | ${broutes:--} | $secs |$ilpcol"
	fi
	echo "$row"
	echo "$row" >>"$tmp/table"
done <"$tmp/list"

times >"$tmp/times1"; wall1=$(date +%s.%N)
cpu0=$(cpu_of_children "$tmp/times0"); cpu1=$(cpu_of_children "$tmp/times1")
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)
awk -v c0="$cpu0" -v c1="$cpu1" -v w0="$wall0" -v w1="$wall1" -v load="$load" 'BEGIN {
	w = w1 - w0; if (w <= 0) w = 1
	printf "\nCPU: the runs had %.1f s of CPU in %.1f s (%.0f%% of one core); load average at the end %s\n", c1 - c0, w, 100 * (c1 - c0) / w, load }' |
	tee -a "$tmp/table"
# Hierarchical: the distance gap only where the vehicle count equals the BKS's.
summary=$(awk -v hier="$([ "$objective" = hierarchical ] && echo 1 || echo 0)" '
	{ if ($3 > 0) { d += $2 - $3; nd++; if ($2 > $3) more++; if ($2 < $3) fewer++ } }
	hier && $3 > 0 && $2 != $3 { next }
	{ s += $1; if (k == 0 || $1 > m) m = $1; k++ }
	END { if (NR == 0) { print "no results"; exit }
	      if (hier) printf "same vehicle count as the BKS on %d of %d instances (%d more, %d fewer); over those: ", nd - more - fewer, nd, more, fewer
	      if (k > 0) printf "average gap %.2f%%, max gap %.2f%% over %d instances", s / k, m, k
	      if (!hier && nd > 0) printf "; routes minus BKS routes: %+d in total over %d instances", d, nd }' "$tmp/gaps")
{ echo; echo "$summary"; } | tee -a "$tmp/table"
if [ -n "$ilparg" ]; then
	grep -c '| optimal (whole plan) |$' "$tmp/table" | awk -v k="$(wc -l <"$tmp/list")" '
		{ printf "\nilp: the plan proven optimal over every pooled route (one model, whole plan) on %d of %d instances\n", $1, k }' |
		tee -a "$tmp/table"
fi
if [ "$docs" -eq 1 ]; then
	[ -f docs/benchmarks.md ] || echo "# Benchmarks" >docs/benchmarks.md
	cat "$tmp/table" >>docs/benchmarks.md
	echo "appended to docs/benchmarks.md" >&2
fi
