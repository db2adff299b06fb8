#!/bin/sh
# tests/e2e/roads_test.sh -- `cunlu solve --roads` end to end: the Andorra
# sample on its real roads (lines follow the roads, each route's dist_m is
# its line's length), the hand-made square (an island village unassigned
# with "no road connection", exit 5; a far village warned about), and bad
# road files (exit 2 naming the file).
. "$(dirname "$0")/lib.sh"

# lines.py FILE: every route's vertex count, dist_m and haversine length
cat >"$TMP/lines.py" <<'PY'
import json, math, sys
def hav(a, b):
    R = 6371008.8
    lo1, la1, lo2, la2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(h))
bad = 0
for f in json.load(open(sys.argv[1]))["features"]:
    c = f["geometry"]["coordinates"] if f["geometry"] else []
    length = sum(hav(c[i], c[i + 1]) for i in range(len(c) - 1))
    d = f["properties"]["dist_m"]
    stops = f["properties"]["stops"]
    minpts = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    if abs(length - d) > max(20, 0.005 * d) or len(c) < minpts * (stops + 1):
        print("route %s: %d points, dist_m %d, line %.0f m" % (f["properties"]["vehicle"], len(c), d, length))
        bad += 1
sys.exit(1 if bad else 0)
PY

# Andorra on its roads
out="$TMP/andorra"
"$CUNLU" solve maps/andorra/villages.shp --depot maps/andorra/depot.shp \
	--fleet maps/andorra/fleet.json --roads maps/andorra/roads.shp \
	--out-dir "$out" --seed 1 -q 2>"$TMP/err"
rc=$?
check "andorra exit 0 or 5" test "$rc" -eq 0 -o "$rc" -eq 5
check "andorra routes follow the roads, dist_m = line length" \
	python3 "$TMP/lines.py" "$out/routes.geojson" 10
check "andorra summary names the roads" grep -q 'roads maps/andorra/roads.shp' "$out/summary.json"
check "andorra stops report their snap distance (< 200 m)" python3 -c '
import json, sys
fs = json.load(open(sys.argv[1]))["features"]
snaps = [f["properties"]["snap_m"] for f in fs]
assert all(isinstance(x, (int, float)) and 0 <= x < 200 for x in snaps), snaps
' "$out/stops.geojson"

# the square: an island and a one-way dead end, a far village
out="$TMP/square"
"$CUNLU" solve tests/fixtures/roads/square_sites.shp --depot tests/fixtures/roads/square_depot.shp \
	--roads tests/fixtures/roads/square.shp --out-dir "$out" --seed 1 2>"$TMP/err" >/dev/null
rc=$?
check "island: exit 5" test "$rc" -eq 5
check "island: no road connection" python3 -c '
import json, sys
u = {x["id"]: x["reason"] for x in json.load(open(sys.argv[1]))["unassigned"]}
sys.exit(0 if u == {"C": "no road connection", "D": "no road connection"} else 1)' "$out/summary.json"
check "square: dist_m = line length" python3 "$TMP/lines.py" "$out/routes.geojson"
check "snap warning names the village and record" \
	grep -q 'village "F" (record 5) is 1112 m from the nearest drivable road' "$TMP/err"

# bad road files
"$CUNLU" solve tests/fixtures/roads/square_sites.shp --depot tests/fixtures/roads/square_depot.shp \
	--roads maps/andorra/villages.shp --out-dir "$TMP/x" 2>"$TMP/err"
rc=$?
check "point layer as roads: exit 2" test "$rc" -eq 2
check "point layer as roads: message" grep -q 'villages.shp: is a Point layer; roads must be a line' "$TMP/err"
mkdir -p "$TMP/nodbf"
cp tests/fixtures/roads/square.shp tests/fixtures/roads/square.shx "$TMP/nodbf/"
"$CUNLU" solve tests/fixtures/roads/square_sites.shp --depot tests/fixtures/roads/square_depot.shp \
	--roads "$TMP/nodbf/square.shp" --out-dir "$TMP/x" 2>"$TMP/err"
rc=$?
check "missing .dbf: exit 2" test "$rc" -eq 2
check "missing .dbf: message" grep -q 'nodbf/square.dbf: missing' "$TMP/err"
"$CUNLU" solve tests/fixtures/roads/square_sites.shp --depot tests/fixtures/roads/square_depot.shp \
	--roads "$TMP/none.shp" --out-dir "$TMP/x" 2>"$TMP/err"
check "missing roads file: exit 2" test $? -eq 2
finish
