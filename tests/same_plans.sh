#!/bin/sh
# same_plans.sh -- does a refactoring keep the plans? (issue 10)
#
#   sh tests/same_plans.sh record DIR [CUNLU]   run the fixed set, keep the outputs in DIR
#   sh tests/same_plans.sh compare DIR [CUNLU]  run it again, compare with DIR
#
# The fixed set: Andorra with roads (the one-trip fleet of before issue 11,
# on a Monday, and the demo: today's orders, reloading tricycles, the
# refrigerated van), the GBK sample, A-n32-k5,
# X-n101-k25, R101 and C101, each with and without --ilp, all with --seed
# and --iterations (machine-independent effort). Benchmark runs keep their
# .sol file (compared byte for byte); shapefile runs keep routes.geojson,
# stops.geojson and dispatch.csv (byte for byte; they hold no clock
# figures) and the totals of summary.json (elapsed time and the ILP's
# timings left out). Exit 0 when everything is identical.
#
# The ILP is given a generous --ilp-time-limit so that GLPK closes every
# model: a time-limited model would make the comparison depend on the
# machine's speed.
top=$(cd "$(dirname "$0")/.." && pwd)
mode=$1
dir=$2
cunlu=${3:-$top/build/cunlu}
case "$mode" in record | compare) ;; *)
	echo "usage: sh tests/same_plans.sh record|compare DIR [CUNLU]" >&2
	exit 2 ;;
esac
[ -n "$dir" ] || { echo "same_plans.sh: no DIR" >&2; exit 2; }
[ -x "$cunlu" ] || { echo "same_plans.sh: $cunlu is not built" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$mode" = record ]; then
	out=$dir
	rm -rf "$out"
else
	out=$work/now
fi
mkdir -p "$out"
fails=0
runs=0

# totals KEY...: the summary's totals as "key: value" lines (no timings).
totals() {
	grep -E '^  "(total_dist_m|total_dur_s|total_cost|vehicles_used|served|unassigned_count|iterations)"' "$1"
	grep -E '"(runs|improvements|pool|columns|cost_before|cost_after|gain|status|whole_plan)":' "$1" |
		sed 's/^ *//'
}

run_bench() {
	name=$1; file=$2; shift 2
	for ilp in "" "--ilp"; do
		tag=$name${ilp:+-ilp}
		runs=$((runs + 1))
		"$cunlu" solve "$top/instances/$file" --seed 3 --iterations 4000 \
			--sol "$out/$tag.sol" $ilp ${ilp:+--ilp-time-limit 60} "$@" \
			>"$work/line" 2>&1
		echo "exit $?" >>"$out/$tag.sol"
	done
}

# strip_run_id <FILE >OUT: the run's identity (issue 12) out of a GeoJSON
# file or dispatch.csv, so that runs compare byte for byte.
strip_run_id() {
	python3 -c '
import re, sys
b = sys.stdin.buffer.read()
b = re.sub(rb"\n  \"run_id\": \"[^\"]*\",", b"", b, count=1)
b = re.sub(rb"^(\xef\xbb\xbf)?# run_id [^\r\n]*\r\n", rb"\1", b, count=1)
sys.stdout.buffer.write(b)'
}

run_shp() {
	name=$1; shift
	for ilp in "" "--ilp"; do
		tag=$name${ilp:+-ilp}
		runs=$((runs + 1))
		mkdir -p "$work/o/$tag"
		"$cunlu" solve "$@" --seed 3 --iterations 4000 -q $ilp \
			${ilp:+--ilp-time-limit 60} --out-dir "$work/o/$tag" >/dev/null 2>&1
		echo "exit $?" >"$out/$tag.exit"
		for f in routes.geojson stops.geojson dispatch.csv; do
			[ -f "$work/o/$tag/$f" ] && strip_run_id <"$work/o/$tag/$f" >"$out/$tag.$f"
		done
		[ -f "$work/o/$tag/summary.json" ] && totals "$work/o/$tag/summary.json" >"$out/$tag.totals"
	done
}

run_shp andorra "$top/maps/andorra/villages.shp" --depot "$top/maps/andorra/depot.shp" \
	--fleet "$top/tests/fixtures/andorra_fleet_1trip.json" --roads "$top/maps/andorra/roads.shp" \
	--date 2025-06-02
run_shp andorra-day "$top/maps/andorra/villages.shp" --depot "$top/maps/andorra/depot.shp" \
	--fleet "$top/maps/andorra/fleet.json" --roads "$top/maps/andorra/roads.shp" \
	--orders "$top/maps/andorra/orders.csv" --date 2025-06-03
run_shp gbk "$top/maps/gbk-sample/villages.shp"
run_bench A-n32-k5 A-n32-k5.vrp
run_bench X-n101-k25 X-n101-k25.vrp
run_bench R101 R101.txt
run_bench C101 C101.txt --objective distance

if [ "$mode" = compare ]; then
	for f in "$dir"/*; do
		b=$(basename "$f")
		if ! cmp -s "$f" "$out/$b"; then
			echo "differs: $b"
			diff "$f" "$out/$b" | head -n 10
			fails=$((fails + 1))
		fi
	done
	for f in "$out"/*; do
		[ -e "$dir/$(basename "$f")" ] || { echo "new file: $(basename "$f")"; fails=$((fails + 1)); }
	done
	echo "same_plans: $runs runs, $fails files differ"
	[ "$fails" -eq 0 ]
else
	echo "same_plans: $runs runs recorded in $dir"
fi
