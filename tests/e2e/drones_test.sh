#!/bin/sh
# tests/e2e/drones_test.sh -- drones end to end (issue 15): on the hand-made
# square (tests/fixtures/roads), the island village C and the village F
# beyond the snap bound are served by drone instead of being unassigned; a
# no-fly zone across the flight to C leaves C unassigned with the zone named;
# a village without a landing point keeps its road reason; the outputs carry
# the modes (GDAL reads them); bad DRONE values and bad no-fly and launch-site
# layers stop the run with exit 2 naming the record; a launch site is the
# origin of its drones' sorties.
. "$(dirname "$0")/lib.sh"

sq=tests/fixtures/roads
# the square's sites with DRONE = 1 everywhere but E
ogr2ogr -q -f "ESRI Shapefile" "$TMP/sites.shp" $sq/square_sites.shp -dialect SQLite \
	-sql "SELECT *, CASE WHEN ID = 'E' THEN 0 ELSE 1 END AS DRONE FROM square_sites"
cat >"$TMP/fleet.json" <<'JSON'
{ "vehicle_types": [
  { "name": "van", "count": 1, "capacity": 100, "speed_kmh": 30 },
  { "name": "uav", "mode": "drone", "count": 1, "capacity": 2, "speed_kmh": 50,
    "range_km": 20, "max_trips": 10, "fixed_cost": 10, "cost_per_km": 0.1 } ] }
JSON
run() {
	out=$1; shift
	"$CUNLU" solve "$TMP/sites.shp" --depot $sq/square_depot.shp --roads $sq/square.shp \
		--fleet "$TMP/fleet.json" --out-dir "$out" --seed 1 --iterations 3000 "$@" \
		>"$out.stdout" 2>"$out.err"
}

# the island C and the far village F go by drone
mkdir -p "$TMP/a"
run "$TMP/a"
rc=$?
check "island: exit 0 (nobody unassigned)" test "$rc" -eq 0
check "island: C, D and F served by the drone, the rest by the van" python3 -c '
import json, sys
fs = json.load(open(sys.argv[1]))["features"]
by = {f["properties"]["id"]: f["properties"]["vehicle"] for f in fs if f["properties"]["kind"] == "visit"}
ok = by.get("C") == "uav-1" and by.get("D") == "uav-1" and by.get("F") == "uav-1" and by.get("E") == "van-1"
sys.exit(0 if ok else print(by) or 1)' "$TMP/a/stops.geojson"
check "routes carry mode road / drone; sorties are straight (depot, stop, depot)" python3 -c '
import json, sys
fs = json.load(open(sys.argv[1]))["features"]
modes = {f["properties"]["vehicle"]: f["properties"]["mode"] for f in fs}
assert modes.get("van-1") == "road" and modes.get("uav-1") == "drone", modes
for f in fs:
    if f["properties"]["mode"] == "drone":
        c = f["geometry"]["coordinates"]
        assert len(c) == f["properties"]["stops"] + 2, c
        assert c[0] == [0.002, -0.0001] and c[-1] == c[0], c
' "$TMP/a/routes.geojson"
check "summary: totals by mode" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
m = s["by_mode"]
assert m["drone"]["stops"] == 3 and m["road"]["stops"] == 2, m
assert m["drone"]["trips"] >= 2, m      # capacity 2 parcels, one stop a sortie
assert abs(m["road"]["cost"] + m["drone"]["cost"] - s["total_cost"]) < 0.02, m
' "$TMP/a/summary.json"
check "dispatch.csv: the van first, then the drone section" python3 -c '
import csv, sys
rows = list(csv.reader(l for l in open(sys.argv[1], encoding="utf-8-sig")
                       if not l.startswith("#")))[1:]   # skip the run id line
types = [r[1] for r in rows]
first_uav = types.index("uav")
assert all(t == "van" for t in types[:first_uav]) and all(t == "uav" for t in types[first_uav:]), types
' "$TMP/a/dispatch.csv"
check "GDAL reads routes.geojson and routes.shp with mode" sh -c "
ogrinfo -ro -al '$TMP/a/routes.geojson' | grep -q 'mode (String) = drone' &&
ogrinfo -ro -al '$TMP/a/routes.shp' | grep -q 'mode (String) = drone' &&
ogrinfo -ro -al '$TMP/a/routes.shp' | grep -q 'mode (String) = road'"

# a no-fly zone around the flight to C (and C itself)
printf '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0.03,0.03],[0.06,0.03],[0.06,0.06],[0.03,0.06],[0.03,0.03]]]},"properties":{"ID":"Z9","NAME":"reservoir"}}]}' >"$TMP/z.geojson"
ogr2ogr -q -f "ESRI Shapefile" "$TMP/z.shp" "$TMP/z.geojson"
mkdir -p "$TMP/b"
run "$TMP/b" --no-fly "$TMP/z.shp"
rc=$?
check "no-fly: exit 5" test "$rc" -eq 5
check "no-fly: C unassigned, the zone named" python3 -c '
import json, sys
u = {x["id"]: x["reason"] for x in json.load(open(sys.argv[1]))["unassigned"]}
want = {"C": "no road connection; drone uav: the flight from the depot crosses no-fly zone record 1 (FID 0, ID Z9 \"reservoir\")"}
sys.exit(0 if u == want else print(u) or 1)' "$TMP/b/summary.json"
check "no-fly: warned about C" grep -q 'village record 2 (FID 1, ID C): drone uav: the flight from the depot crosses no-fly zone' "$TMP/b.err"

# DRONE = 0 on the island: the road reason and why no drone
ogr2ogr -q -f "ESRI Shapefile" "$TMP/nopad.shp" $sq/square_sites.shp -dialect SQLite \
	-sql "SELECT *, CASE WHEN ID = 'C' THEN 0 ELSE 1 END AS DRONE FROM square_sites"
mkdir -p "$TMP/c"
"$CUNLU" solve "$TMP/nopad.shp" --depot $sq/square_depot.shp --roads $sq/square.shp \
	--fleet "$TMP/fleet.json" --out-dir "$TMP/c" --seed 1 --iterations 3000 -q 2>/dev/null
check "no landing point: exit 5" test "$?" -eq 5
check "no landing point: C's reason says so" python3 -c '
import json, sys
u = {x["id"]: x["reason"] for x in json.load(open(sys.argv[1]))["unassigned"]}
sys.exit(0 if u == {"C": "no road connection; no drone landing point (DRONE = 0)"} else print(u) or 1)' "$TMP/c/summary.json"

# a launch site near C: its sorties start and end there
printf '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[0.05,0.045]},"properties":{"ID":"P1","NAME":"pier","TYPES":"uav"}}]}' >"$TMP/s.geojson"
ogr2ogr -q -f "ESRI Shapefile" "$TMP/launch.shp" "$TMP/s.geojson"
mkdir -p "$TMP/d"
run "$TMP/d" --drone-sites "$TMP/launch.shp"
check "launch site: exit 0" test "$?" -eq 0
check "launch site: sorties start and end at the pier, listed in stops" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["features"]
s = json.load(open(sys.argv[2]))["features"]
for f in r:
    if f["properties"]["mode"] == "drone":
        c = f["geometry"]["coordinates"]
        assert c[0] == [0.05, 0.045] and c[-1] == c[0], c
assert [f["properties"]["id"] for f in s if f["properties"]["kind"] == "launch"] == ["P1"]
' "$TMP/d/routes.geojson" "$TMP/d/stops.geojson"
check "launch site: dispatch lines name the pier" grep -q '^uav-1,uav,1,0,depart,P1,pier' "$TMP/d/dispatch.csv"

check "launch site: GDAL reads the launch site in stops.shp and the modes in routes.shp" sh -c "
ogrinfo -ro -al -q '$TMP/d/stops.shp' | grep -q 'kind (String) = launch' &&
[ \"\$(ogr2ogr -f CSV /vsistdout/ '$TMP/d/routes.shp' -where \"mode = 'drone'\" | tail -n +2 | wc -l)\" -ge 1 ]"

# today's orders carry the kilograms (WEIGHT_KG): C's 4 kg exceed the
# drone's payload_kg 3 and C (the island) is left out with that reason; D's
# 2.5 kg fly
cat >"$TMP/fleetkg.json" <<'JSON'
{ "vehicle_types": [
  { "name": "van", "count": 1, "capacity": 100, "speed_kmh": 30 },
  { "name": "uav", "mode": "drone", "count": 1, "capacity": 2, "speed_kmh": 50, "payload_kg": 3,
    "range_km": 20, "max_trips": 10, "fixed_cost": 10, "cost_per_km": 0.1 } ] }
JSON
printf 'ID,DELIVER,WEIGHT_KG\nB,1,1\nC,1,4\nD,1,2.5\nE,1,1\nF,1,0.5\n' >"$TMP/orders.csv"
mkdir -p "$TMP/kg"
"$CUNLU" solve "$TMP/sites.shp" --depot $sq/square_depot.shp --roads $sq/square.shp \
	--fleet "$TMP/fleetkg.json" --orders "$TMP/orders.csv" --out-dir "$TMP/kg" --seed 1 \
	--iterations 3000 -q 2>"$TMP/kg.err"
check "orders' kg: exit 5" test "$?" -eq 5
check "orders' kg: C left out for its weight, D and F flown" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
u = {x["id"]: x["reason"] for x in s["unassigned"]}
fs = json.load(open(sys.argv[2]))["features"]
by = {f["properties"]["id"]: f["properties"]["vehicle"] for f in fs if f["properties"]["kind"] == "visit"}
assert list(u) == ["C"] and "4.00 kg to deliver (WEIGHT_KG), payload_kg 3.00 (uav)" in u["C"], u
assert by["D"] == "uav-1" and by["F"] == "uav-1", by
' "$TMP/kg/summary.json" "$TMP/kg/stops.geojson"

# bad inputs: exit 2, one line naming the file and record
bad() {
	name=$1; want=$2; shift 2
	"$CUNLU" solve "$@" --depot $sq/square_depot.shp --fleet "$TMP/fleet.json" \
		--out-dir "$TMP/bad" -q 2>"$TMP/bad.err"
	rc=$?
	if [ "$rc" -eq 2 ] && grep -qF "$want" "$TMP/bad.err" && [ "$(wc -l <"$TMP/bad.err")" -eq 1 ] &&
	   [ ! -e "$TMP/bad/routes.geojson" ]; then ok; else fail "$name (exit $rc: $(cat "$TMP/bad.err"))"; fi
}
ogr2ogr -q -f "ESRI Shapefile" "$TMP/bad2.shp" $sq/square_sites.shp -dialect SQLite \
	-sql "SELECT *, CASE WHEN ID = 'D' THEN '2' ELSE '1' END AS DRONE FROM square_sites"
bad "DRONE = 2" 'bad2.dbf: record 3 (FID 2, ID D): field DRONE: "2" is not a landing-point flag' "$TMP/bad2.shp"
ogr2ogr -q -f "ESRI Shapefile" "$TMP/bady.shp" $sq/square_sites.shp -dialect SQLite \
	-sql "SELECT *, CASE WHEN ID = 'E' THEN 'maybe' ELSE 'yes' END AS DRONE FROM square_sites"
bad "DRONE = maybe" 'bady.dbf: record 4 (FID 3, ID E): field DRONE: "maybe"' "$TMP/bady.shp"
bad "no-fly: a point layer" 'is a Point layer; no-fly zones must be a Polygon layer' \
	"$TMP/sites.shp" --no-fly $sq/square_sites.shp
bad "no-fly: missing" 'nothere' "$TMP/sites.shp" --no-fly "$TMP/nothere.shp"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"ID":"Z1"}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0.03,0.03],[0.06,0.03],[0.06,0.06],[0.03,0.03]]]},"properties":{"ID":"Z2"}}]}' >"$TMP/zn.geojson"
ogr2ogr -q -f "ESRI Shapefile" -nlt POLYGON "$TMP/zn.shp" "$TMP/zn.geojson"
bad "no-fly: a null shape" 'zn.shp: record 1 (FID 0, ID Z1): null shape (no polygon)' \
	"$TMP/sites.shp" --no-fly "$TMP/zn.shp"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[0.05,0.045]},"properties":{"ID":"P1","NAME":"pier","TYPES":"van"}}]}' >"$TMP/sv.geojson"
ogr2ogr -q -f "ESRI Shapefile" "$TMP/sv.shp" "$TMP/sv.geojson"
bad "launch site: a road type" 'sv.shp: record 1 (FID 0, ID P1 "pier"): field TYPES: van is not a drone type' \
	"$TMP/sites.shp" --drone-sites "$TMP/sv.shp"

# the drone sample (make demo): the two huts no road reaches go by drone,
# the hamlet behind the no-fly zone by road; every village served. Both runs
# at 13,200 iterations, the default effort before issue 13 (the default now
# takes seconds: the suite checks the plan's shape, not its cost)
mkdir -p "$TMP/demo"
"$CUNLU" solve maps/andorra-drones/villages.shp --depot maps/andorra/depot.shp \
	--fleet maps/andorra-drones/fleet.json --roads maps/andorra/roads.shp \
	--no-fly maps/andorra-drones/nofly.shp --out-dir "$TMP/demo" --seed 1 \
	--iterations 13200 >/dev/null 2>"$TMP/demo.err"
check "sample: exit 0, all 55 served" sh -c "grep -q '\"served\": 55,' '$TMP/demo/summary.json'"
check "sample: huts by drone, Cortals d'Encamp by road" python3 -c '
import json, sys
fs = json.load(open(sys.argv[1]))["features"]
by = {f["properties"]["id"]: f["properties"]["vehicle"] for f in fs if f["properties"]["kind"] == "visit"}
ok = by["hut-fontverd"].startswith("uav") and by["hut-illa"].startswith("uav") and \
     not by["cortals"].startswith("uav")
sys.exit(0 if ok else print(by) or 1)' "$TMP/demo/stops.geojson"
check "sample: the zone is warned about" grep -q 'Cortals d.Encamp.*crosses no-fly zone record 1' "$TMP/demo.err"

# ... and with the Encamp station as a launch site (--drone-sites): its
# drone reaches Cortals d'Encamp, which the zone hides from the depot
mkdir -p "$TMP/demo2"
"$CUNLU" solve maps/andorra-drones/villages.shp --depot maps/andorra/depot.shp \
	--fleet maps/andorra-drones/fleet-encamp.json --roads maps/andorra/roads.shp \
	--no-fly maps/andorra-drones/nofly.shp --drone-sites maps/andorra-drones/sites.shp \
	--out-dir "$TMP/demo2" --seed 1 --iterations 13200 >"$TMP/demo2.out" 2>"$TMP/demo2.err"
check "sample with a launch site: Cortals d'Encamp by the Encamp drone, from the station" \
	grep -q '^uav-encamp-1,uav-encamp,[0-9]*,1,stop,cortals,' "$TMP/demo2/dispatch.csv"
check "sample with a launch site: its sorties leave from the station" \
	grep -q '^uav-encamp-1,uav-encamp,1,0,depart,encamp,Encamp township station' "$TMP/demo2/dispatch.csv"
check "sample with a launch site: no village cut off by the zone any more" sh -c \
	"! grep -q 'crosses no-fly zone' '$TMP/demo2.err'"
check "sample: the summary line counts the drones' sorties" grep -q '^drones: [0-9]* sorties to' "$TMP/demo2.out"

# no drone type: --no-fly is ignored with a warning
"$CUNLU" solve $sq/square_sites.shp --depot $sq/square_depot.shp --no-fly "$TMP/z.shp" \
	--out-dir "$TMP/e" --seed 1 --iterations 500 >/dev/null 2>"$TMP/e.err"
check "no drones: --no-fly ignored with a warning" grep -q -- '--no-fly: the fleet has no drone types' "$TMP/e.err"
finish
