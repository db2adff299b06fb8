#!/bin/sh
# tests/bench/effort.sh -- the default effort of shapefile runs against
# more (issue 13 item 4; docs/benchmarks.md).
#
#   sh tests/bench/effort.sh CASE MULT... [-- SEED...]    (default seed 1 2 3)
#
# CASE: c64 (tests/bench/mountain_county.py DIR 1 8 12: 61 villages, its
# fleet_road.json, --roads), andorra (maps/andorra, fleet.json, today's
# orders of 2025-06-03, straight lines), andorra-roads (the same with its
# roads) or v1000 (mountain_county.py DIR 1 170 60: 1,002 villages,
# --roads, 60 vans and 30 tricycles of 3 trips). Per seed: the default run
# (no --iterations: min(5,000 v, 200,000) + 100 v for v villages, each
# thread; cl_solve_default_iters), then --iterations MULT x that for each MULT,
# all with the default --threads (THREADS=N: --threads N) and time limit out of reach
# (--search-time 100000, so the iterations alone decide). Prints per run the
# total cost (summary.json), iterations, the process's CPU seconds and the
# gap of the default to the run with the largest MULT; then the averages.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CUNLU=${CUNLU:-build/cunlu}
[ $# -ge 1 ] || { sed -n 6p "$0" >&2; exit 2; }
case=$1; shift
mults=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do mults="$mults $1"; shift; done
[ "$1" = "--" ] && shift
[ $# -gt 0 ] || set -- 1 2 3
d=${TMPDIR:-/tmp}/cunlu_effort
mkdir -p "$d"
case $case in
c64)
	[ -f "$d/c64/villages.shp" ] || python3 tests/bench/mountain_county.py "$d/c64" 1 8 12 >/dev/null
	args="$d/c64/villages.shp --depot $d/c64/depot.shp --fleet $d/c64/fleet_road.json --roads $d/c64/roads.shp" ;;
v1000)
	[ -f "$d/v1000/villages.shp" ] || python3 tests/bench/mountain_county.py "$d/v1000" 1 170 60 >/dev/null
	# the county's 3 vans and 3 tricycles cannot serve 1,000 villages:
	# 60 vans and 30 tricycles of up to 3 trips
	python3 -c 'import json, sys
f = json.load(open(sys.argv[1]))
for t in f["vehicle_types"]:
    t["count"] = 60 if t["name"] == "van" else 30
    if t["name"] != "van":
        t["max_trips"] = 3
json.dump(f, open(sys.argv[2], "w"), indent=1)' "$d/v1000/fleet_road.json" "$d/v1000/fleet_big.json"
	args="$d/v1000/villages.shp --depot $d/v1000/depot.shp --fleet $d/v1000/fleet_big.json --roads $d/v1000/roads.shp" ;;
andorra)
	a=maps/andorra
	args="$a/villages.shp --depot $a/depot.shp --fleet $a/fleet.json --orders $a/orders.csv --date 2025-06-03" ;;
andorra-roads)
	a=maps/andorra
	args="$a/villages.shp --depot $a/depot.shp --fleet $a/fleet.json --orders $a/orders.csv --date 2025-06-03 --roads $a/roads.shp" ;;
*) echo "effort.sh: unknown case $case" >&2; exit 2 ;;
esac
echo "commit $(git rev-parse --short HEAD), $CUNLU, case $case, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # run SEED ITERS|default -> "cost iterations cpu"
	it=""
	[ "$2" = default ] || it="--iterations $2"
	# shellcheck disable=SC2086
	/usr/bin/time -f "%U %S" -o "$d/time" "$CUNLU" solve $args --out-dir "$d/out" --seed "$1" \
		$it ${THREADS:+--threads $THREADS} --search-time 100000 -q >/dev/null 2>"$d/err"
	cost=$(sed -n 's/^  "total_cost": \([0-9.]*\).*/\1/p' "$d/out/summary.json" | head -n 1)
	its=$(sed -n 's/^  "iterations": \([0-9]*\).*/\1/p' "$d/out/summary.json" | head -n 1)
	cpu=$(tail -n 1 "$d/time" | awk '{ printf "%.2f", $1 + $2 }')
	echo "$cost $its $cpu"
}
# the default --threads (the cores, at most 8) unless THREADS is given
nt=${THREADS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
[ "$nt" -gt 8 ] && nt=8
tmp=$(mktemp)
for s in "$@"; do
	set -- $(run "$s" default)
	c0=$1; i0=$2; t0=$3
	per=$((i0 / nt))   # the summary counts all threads' iterations
	line="seed $s: default $c0 ($i0 it, $t0 s)"
	last=$c0
	for m in $mults; do
		set -- $(run "$s" $((per * m)))
		line="$line; x$m $1 ($2 it, $3 s)"
		last=$1
	done
	gap=$(echo "$c0 $last" | awk '{ printf "%.2f", 100 * ($1 - $2) / $2 }')
	echo "$line; default above the last by $gap%"
	echo "$gap" >>"$tmp"
done
awk '{ g += $1; k++ } END { printf "average: the default is %.2f%% above the largest effort over %d seeds\n", g / k, k }' "$tmp"
rm -f "$tmp"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
