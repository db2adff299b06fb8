#!/bin/sh
# gis_test.sh -- the same villages in the forms county data really comes
# in give the same plan.
#
# The GBK sample (12 villages, WGS 84 shapefile) is the reference. Its
# villages and depot are turned by ogr2ogr into projected GBK layers --
# CGCS2000 3-degree Gauss-Kruger without and with the zone number, 6-degree
# Gauss-Kruger, UTM 48N, Web Mercator -- one with its .cpg and the GBK
# code page hidden (no .cpg, language driver 0, as many county files come),
# and into CSV tables in GCJ-02 (Amap) and BD-09 (Baidu) made by an
# independent Python implementation of the public formulas, in GBK with
# Chinese column names. Each must give the reference plan: the same
# vehicles visiting the same villages in the same order, the same distance
# within 2 m. Then --out-coords gcj02 must write the positions the GCJ-02
# table had, and the same table read without --coords must land 300-700 m
# away (so the conversion is what makes the plans equal). Last, map.html
# must draw the road network in the routes' datum, with and without
# --out-coords gcj02 (tests/tools/map_on_roads.py, on a street grid).
. "$(dirname "$0")/lib.sh"

G=maps/gbk-sample
ref="$TMP/ref"

for tool in ogr2ogr python3; do
	command -v "$tool" >/dev/null 2>&1 || { fail "$tool is not on PATH (make test installs gdal-bin)"; finish; exit 1; }
done

# solve NAME ARGS...: a fixed run into $TMP/NAME
solve() {
	name=$1; shift
	"$CUNLU" solve "$@" --out-dir "$TMP/$name" --seed 1 --iterations 3000 -q 2>"$TMP/$name.err"
	rc=$?
	{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && return 0
	echo "$name: exit $rc: $(cat "$TMP/$name.err")"
	return 1
}

# plan DIR: the plan as text, vehicle by vehicle in driving order, and the distance
plan() {
	python3 - "$1" <<'PY'
import json, sys
d = sys.argv[1]
stops = json.load(open(d + "/stops.geojson", encoding="utf-8"))["features"]
visits = sorted((p["vehicle"], p.get("trip") or 1, p["seq"], p["id"])
                for p in (f["properties"] for f in stops) if p["kind"] == "visit")
print(" ".join("%s/%s:%s" % (v, t, i) for v, t, _, i in visits))
print(json.load(open(d + "/summary.json"))["total_dist_m"])
PY
}

# same NAME: the plan of $TMP/NAME is the reference's
same() {
	a=$(plan "$ref"); b=$(plan "$TMP/$1")
	[ "$(echo "$a" | head -n 1)" = "$(echo "$b" | head -n 1)" ] || { echo "routes differ:"; echo "$a"; echo "$b"; return 1; }
	da=$(echo "$a" | tail -n 1); db=$(echo "$b" | tail -n 1)
	[ $((da - db)) -le 2 ] && [ $((db - da)) -le 2 ] || { echo "distance $da vs $db"; return 1; }
}

check "reference: the WGS 84 GBK shapefile" solve ref $G/villages.shp --depot $G/depot.shp

# --- projected GBK layers, read through their .prj (PROJ)
for epsg in 4545 4524 4507 4496 32648 3857; do
	for layer in villages depot; do
		ogr2ogr -q -f "ESRI Shapefile" "$TMP/$layer$epsg.shp" $G/$layer.shp \
			-oo ENCODING=CP936 -lco ENCODING=CP936 -t_srs EPSG:$epsg 2>>"$TMP/ogr.err"
	done
	check "EPSG:$epsg layer solves" solve p$epsg "$TMP/villages$epsg.shp" --depot "$TMP/depot$epsg.shp"
	check "EPSG:$epsg layer: the reference plan" same p$epsg
done
# the 3-degree zone layer with its code page hidden, as county files come
for ext in shp shx dbf prj; do cp "$TMP/villages4524.$ext" "$TMP/hidden.$ext"; done
printf '\000' | dd of="$TMP/hidden.dbf" bs=1 seek=29 count=1 conv=notrunc status=none
check "hidden-GBK zone-36 layer solves" solve hidden "$TMP/hidden.shp" --depot "$TMP/depot4524.shp"
check "hidden-GBK zone-36 layer: the reference plan" same hidden
check "hidden-GBK layer: Chinese names arrive" grep -q '龙塘村村委会' "$TMP/hidden/stops.geojson"
# without its .prj: refused, naming the family and the --crs to give
rm "$TMP/hidden.prj"
"$CUNLU" solve "$TMP/hidden.shp" --depot "$TMP/depot4524.shp" --out-dir "$TMP/noprj" -q 2>"$TMP/noprj.err"
check "no .prj: exit 2" test $? -eq 2
check "no .prj: names zone 36 and --crs EPSG:4524" grep -q 'zone 36.*--crs EPSG:4524' "$TMP/noprj.err"
check "--crs EPSG:4524 reads it" solve crs "$TMP/hidden.shp" --depot "$TMP/depot4524.shp" --crs EPSG:4524
check "--crs EPSG:4524: the reference plan" same crs

# --- GCJ-02 and BD-09 tables (Amap, Baidu), GBK, Chinese column names
python3 - "$G" "$TMP" <<'PY' || fail "writing the web-map tables"
import csv, math, sys
src, out = sys.argv[1], sys.argv[2]
A, EE = 6378245.0, 0.00669342162296594323
def gcj(lon, lat):
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
            + (20*math.sin(6*x*math.pi) + 20*math.sin(2*x*math.pi)) * 2/3
            + (20*math.sin(y*math.pi) + 40*math.sin(y/3*math.pi)) * 2/3
            + (160*math.sin(y/12*math.pi) + 320*math.sin(y*math.pi/30)) * 2/3)
    dlon = (300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
            + (20*math.sin(6*x*math.pi) + 20*math.sin(2*x*math.pi)) * 2/3
            + (20*math.sin(x*math.pi) + 40*math.sin(x/3*math.pi)) * 2/3
            + (150*math.sin(x/12*math.pi) + 300*math.sin(x/30*math.pi)) * 2/3)
    rad = lat / 180 * math.pi
    m = 1 - EE * math.sin(rad) ** 2
    dlat = dlat * 180 / ((A * (1 - EE)) / (m * math.sqrt(m)) * math.pi)
    dlon = dlon * 180 / (A / math.sqrt(m) * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat
def bd(lon, lat):
    x, y = gcj(lon, lat)
    xpi = math.pi * 3000 / 180
    z = math.sqrt(x*x + y*y) + 0.00002 * math.sin(y * xpi)
    t = math.atan2(y, x) + 0.000003 * math.cos(x * xpi)
    return z * math.cos(t) + 0.0065, z * math.sin(t) + 0.006
for datum, f in (("gcj02", gcj), ("bd09", bd)):
    for layer in ("villages", "depot"):
        rows = list(csv.DictReader(open("%s/%s.csv" % (src, layer), encoding="utf-8")))
        with open("%s/%s_%s.csv" % (out, layer, datum), "w", encoding="gbk", newline="") as o:
            w = csv.writer(o)
            cols = [c for c in rows[0] if c not in ("lon", "lat")]
            w.writerow(cols + ["经度", "纬度"])
            for r in rows:
                lon, lat = f(float(r["lon"]), float(r["lat"]))
                w.writerow([r[c] for c in cols] + ["%.7f" % lon, "%.7f" % lat])
PY
check "GCJ-02 table solves" solve gcj "$TMP/villages_gcj02.csv" --depot "$TMP/depot_gcj02.csv" --coords gcj02
check "GCJ-02 table: the reference plan" same gcj
check "BD-09 table solves" solve bd "$TMP/villages_bd09.csv" --depot "$TMP/depot_bd09.csv" --coords bd09
check "BD-09 table: the reference plan" same bd
check "--out-coords gcj02" solve gcjout "$TMP/villages_gcj02.csv" --depot "$TMP/depot_gcj02.csv" --coords gcj02 --out-coords gcj02
check "--coords gcj02 gives the WGS 84 positions, --out-coords gcj02 the table's, 300-700 m apart" python3 - "$TMP" <<'PY'
import csv, json, math, sys
t = sys.argv[1]
rows = {r["ID"]: (float(r["经度"]), float(r["纬度"]))
        for r in csv.DictReader(open(t + "/villages_gcj02.csv", encoding="gbk"))}
def pos(d):
    return {f["properties"]["id"]: f["geometry"]["coordinates"]
            for f in json.load(open(t + "/" + d + "/stops.geojson"))["features"]
            if f["properties"]["kind"] == "visit"}
out, wgs, back = pos("gcjout"), pos("ref"), pos("gcj")
for i, (lon, lat) in rows.items():
    # read with --coords gcj02, the village is back where the WGS 84 layer has it
    assert abs(back[i][0] - wgs[i][0]) < 2e-6 and abs(back[i][1] - wgs[i][1]) < 2e-6, (i, back[i], wgs[i])
    assert abs(out[i][0] - lon) < 2e-6 and abs(out[i][1] - lat) < 2e-6, (i, out[i], lon, lat)
    dx = (lon - wgs[i][0]) * 111195 * math.cos(math.radians(lat))
    dy = (lat - wgs[i][1]) * 111195
    assert 300 < math.hypot(dx, dy) < 700, (i, math.hypot(dx, dy))
PY

# map.html draws the road network in the datum of the routes (--out-coords
# gcj02 moves both): a street grid in Guizhou, where the offset is 300-700 m
python3 tests/bench/roads_grid.py "$TMP/g30" 30 40 1 >/dev/null 2>&1
for oc in wgs84 gcj02; do
	"$CUNLU" solve "$TMP/g30/stops.shp" --depot "$TMP/g30/depot.shp" --roads "$TMP/g30/grid.shp" \
		--out-coords $oc --out-dir "$TMP/g30-$oc" --iterations 500 -q 2>"$TMP/g30.err"
	rc=$?
	{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || { fail "grid --out-coords $oc: exit $rc"; cat "$TMP/g30.err"; }
	check "map.html: the routes lie on the drawn roads (--out-coords $oc)" \
		python3 tests/tools/map_on_roads.py "$TMP/g30-$oc"
done
finish
