#!/bin/sh
# tests/bench/drones.sh -- drones against the road-only fleet (issue 15;
# docs/benchmarks.md, "Drones").
#
#   sh tests/bench/drones.sh [COUNTIES [SEEDS]]
#
# For the Andorra drone sample (maps/andorra-drones, on its roads, with its
# no-fly zone), the same without its two road-less huts, and COUNTIES
# generated mountain counties (default 3;
# tests/bench/mountain_county.py with generator seeds 1..COUNTIES), solves
# each with search seeds 1..SEEDS (default 3) twice -- the fleet with its
# drone, and the same fleet without it -- and prints a Markdown table: the
# fleet cost, the objective (cost + the miss_cost of the villages left
# out), the villages left out, the km driven by road vehicles and flown
# by drones, and whether the drone plan's objective is at most the road
# plan's. Effort is --iterations (the default for the size), so the
# figures do not depend on the machine. Needs ogr2ogr and python3.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
counties=${1:-3}
seeds=${2:-3}
cunlu=${CUNLU:-build/cunlu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$cunlu" ] || { echo "drones.sh: build first (make)" >&2; exit 2; }

# fig DIR: "cost objective left road_km drone_km" from DIR/summary.json
fig() {
	python3 - "$1/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
m = s.get("by_mode", {})
road = m.get("road", {}).get("dist_m", 0) / 1000.0
drone = m.get("drone", {}).get("dist_m", 0) / 1000.0
print("%.2f %.2f %d %.1f %.1f" % (s["total_cost"], s["total_cost"] + s["miss_cost"],
                                   s["unassigned_count"], road, drone))
PY
}

# run NAME SEED VILLAGES DEPOT ROADS FLEET_DRONE FLEET_ROAD [NOFLY]
run() {
	name=$1 seed=$2 v=$3 d=$4 r=$5 fd=$6 fr=$7 nf=$8
	"$cunlu" solve "$v" --depot "$d" --roads "$r" --fleet "$fd" ${nf:+--no-fly "$nf"} \
		--seed "$seed" --out-dir "$work/d" -q 2>/dev/null
	"$cunlu" solve "$v" --depot "$d" --roads "$r" --fleet "$fr" \
		--seed "$seed" --out-dir "$work/r" -q 2>/dev/null
	set -- $(fig "$work/d") $(fig "$work/r")
	ok=no
	python3 -c "import sys; sys.exit(0 if $2 <= $7 + 1e-9 else 1)" && ok=yes
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
		"$name" "$seed" "$6" "$1" "$7" "$2" "$8" "$3" "$9" "$4" "$ok"
}

echo "| instance | seed | road-only cost | drones cost | road-only objective | drones objective | road-only left out | drones left out | road-only van km | drones van km | drones <= road-only |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
python3 -c 'import json; f = json.load(open("maps/andorra-drones/fleet.json")); f["vehicle_types"] = [t for t in f["vehicle_types"] if t.get("mode") != "drone"]; json.dump(f, open("'"$work"'/andorra_road.json", "w"))'
for s in $(seq 1 "$seeds"); do
	run andorra-drones "$s" maps/andorra-drones/villages.shp maps/andorra/depot.shp \
		maps/andorra/roads.shp maps/andorra-drones/fleet.json "$work/andorra_road.json" \
		maps/andorra-drones/nofly.shp
done
# the same without the two huts: every village is on the roads, and the
# drone can only take hamlets the vans would serve anyway
ogr2ogr -q -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$work/nohuts.shp" \
	maps/andorra-drones/villages.shp -where "ID NOT LIKE 'hut-%'"
for s in $(seq 1 "$seeds"); do
	run andorra-drones-no-huts "$s" "$work/nohuts.shp" maps/andorra/depot.shp \
		maps/andorra/roads.shp maps/andorra-drones/fleet.json "$work/andorra_road.json" \
		maps/andorra-drones/nofly.shp
done
for c in $(seq 1 "$counties"); do
	python3 tests/bench/mountain_county.py "$work/c$c" "$c" >/dev/null || exit 1
	for s in $(seq 1 "$seeds"); do
		run "county-$c" "$s" "$work/c$c/villages.shp" "$work/c$c/depot.shp" \
			"$work/c$c/roads.shp" "$work/c$c/fleet.json" "$work/c$c/fleet_road.json" \
			"$work/c$c/nofly.shp"
	done
done
