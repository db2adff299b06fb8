#!/bin/sh
# tests/bench/timelimit.sh -- does --time-limit bound the whole run?
# (issue 12 item 7; docs/benchmarks.md, "The whole run within --time-limit")
#
#   sh tests/bench/timelimit.sh [LIMIT...]     (default: 10 30 60)
#
# Makes 5,000 villages on a 100 x 100 street lattice (tests/bench/
# roads_grid.py, seed 1; 19,800 segments) under ${TMPDIR:-/tmp} and a fleet
# of 80 vans, then runs `cunlu solve` with each --time-limit, without and
# with --roads, and prints per run the limit, the process's wall time from
# /usr/bin/time, the excess over the limit and the tolerance
# (max(5% of the limit, 0.5 s)), and cunlu's own split (reading,
# distances, search, checking and writing). Needs ogr2ogr and build/cunlu.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
[ $# -gt 0 ] || set -- 10 30 60
d=${TMPDIR:-/tmp}/cunlu_timelimit
if [ ! -f "$d/grid.shp" ]; then
	python3 tests/bench/roads_grid.py "$d" 100 5000 1 >/dev/null 2>&1 || { echo "timelimit.sh: roads_grid.py failed" >&2; exit 1; }
fi
cat >"$d/fleet.json" <<'JSON'
{ "vehicle_types": [ { "name": "van", "count": 80, "capacity": 80, "speed_kmh": 30,
    "shift_start": "07:00", "shift_end": "19:00", "fixed_cost": 100, "cost_per_km": 1.2 } ] }
JSON
echo "commit $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-6s %8s %8s %6s  %s\n' roads limit wall excess tol split
for lim in "$@"; do
	for roads in no yes; do
		extra=
		[ $roads = yes ] && extra="--roads $d/grid.shp"
		# shellcheck disable=SC2086
		/usr/bin/time -f "%e" -o "$d/time" build/cunlu solve "$d/stops.shp" --depot "$d/depot.shp" \
			--fleet "$d/fleet.json" $extra --out-dir "$d/out" --time-limit "$lim" -v \
			>/dev/null 2>"$d/err"
		wall=$(cat "$d/time")
		split=$(sed -n 's/^cunlu: run: //p' "$d/err")
		python3 -c "import sys; l, w = float(sys.argv[1]), float(sys.argv[2]); t = max(0.05 * l, 0.5);
print('%-6s %-6s %8.2f %+8.2f %6.2f  %s %s' % (sys.argv[3], sys.argv[1], w, w - l, t, sys.argv[4], 'OK' if w <= l + t and w >= l - t else 'OUT'))" \
			"$lim" "$wall" "$roads" "$split"
	done
done
