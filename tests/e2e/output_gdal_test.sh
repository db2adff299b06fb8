#!/bin/sh
# output_gdal_test.sh -- the output files as GIS tools read them.
#
# $BUILD/tools/mkout writes the hand-made plan of tests/fixtures/output_fixture.h
# (2 routes, 3 visits, 1 unassigned village); then GDAL must see one layer
# schema per GeoJSON file, ogr2ogr must turn both layers into shapefiles
# without a word on stderr (no truncated or laundered field names, no
# field type a shapefile cannot hold), tests/tools/check_geojson.py checks
# the RFC 7946 basics, and Python's json and csv modules read summary.json
# and dispatch.csv. GDAL is required (make test installs gdal-bin): a
# missing ogrinfo is a failure, not a skip.
. "$(dirname "$0")/lib.sh"

out="$TMP/out"
shp="$TMP/shp"

# has TEXT NEEDLE: TEXT contains NEEDLE
has() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
# fields FILE: the field names ogrinfo reports for the only layer of FILE
fields() { ogrinfo -ro -al -so "$1" | sed -n 's/^\([A-Za-z0-9_]*\): [A-Za-z]* (.*$/\1/p' | tr '\n' ' '; }

for tool in ogrinfo ogr2ogr python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		fail "$tool is not on PATH (make test installs gdal-bin and python3)"
		finish
		exit 1
	fi
done

check "mkout writes the outputs" "$BUILD/tools/mkout" "$out"

# --- GeoJSON as GDAL reads it
info=$(ogrinfo -ro -al -so "$out/routes.geojson" 2>&1)
check "routes: 2 features" has "$info" "Feature Count: 2"
check "routes: LineString layer" has "$info" "Geometry: Line String"
check "routes: dist_m is an integer field" has "$info" "dist_m: Integer"
check "routes: cost is a real field" has "$info" "cost: Real"
check "routes: start is a time field" has "$info" "start: Time"
info=$(ogrinfo -ro -al -so "$out/stops.geojson" 2>&1)
check "stops: 5 features (depot, 3 visits, 1 unassigned)" has "$info" "Feature Count: 5"
check "stops: Point layer" has "$info" "Geometry: Point"
check "stops: seq is an integer field" has "$info" "seq: Integer"
check "stops: arrival is a time field" has "$info" "arrival: Time"
info=$(ogrinfo -ro -al "$out/stops.geojson" 2>&1)
check "stops: the unassigned village and its reason" has "$info" "reason (String) = demand above every capacity"

# --- RFC 7946 basics
check "GeoJSON passes check_geojson.py" \
	python3 tests/tools/check_geojson.py "$out/routes.geojson" "$out/stops.geojson"

# --- shapefiles: field names unchanged, nothing on stderr
mkdir -p "$shp"
ogr2ogr -f "ESRI Shapefile" -mapFieldType Time=String "$shp/routes.shp" "$out/routes.geojson" 2>"$TMP/err"
check "ogr2ogr routes.shp succeeds" test $? -eq 0
check "ogr2ogr routes.shp prints nothing on stderr" test ! -s "$TMP/err"
[ -s "$TMP/err" ] && cat "$TMP/err"
# Chinese names need a UTF-8 .dbf; GDAL's default ISO-8859-1 would warn.
ogr2ogr -f "ESRI Shapefile" -mapFieldType Time=String -lco ENCODING=UTF-8 "$shp/stops.shp" "$out/stops.geojson" 2>"$TMP/err"
check "ogr2ogr stops.shp succeeds" test $? -eq 0
check "ogr2ogr stops.shp prints nothing on stderr" test ! -s "$TMP/err"
[ -s "$TMP/err" ] && cat "$TMP/err"

f=$(fields "$shp/routes.shp")
check "routes.shp fields: $f" test "$f" = "vehicle trip type mode stops dist_m dur_s start end load cost "
check "routes.shp has the fields of routes.geojson" test "$f" = "$(fields "$out/routes.geojson")"
f=$(fields "$shp/stops.shp")
check "stops.shp fields: $f" test "$f" = "kind status vehicle trip seq id name arrival start load deliver pickup reason snap_m LXR DH "
check "stops.shp has the fields of stops.geojson" test "$f" = "$(fields "$out/stops.geojson")"
info=$(ogrinfo -ro -al "$shp/routes.shp" 2>&1)
check "routes.shp: 2 features" has "$info" "Feature Count: 2"
check "routes.shp: vehicle label" has "$info" "vehicle (String) = etrike-2"
check "routes.shp: distance" has "$info" "dist_m (Integer) = 25300"
check "routes.shp: duration" has "$info" "dur_s (Integer) = 6000"
info=$(ogrinfo -ro -al "$shp/stops.shp" 2>&1)
check "stops.shp: 5 features" has "$info" "Feature Count: 5"
check "stops.shp: Chinese depot name kept" has "$info" "name (String) = 城关镇共配中心"
check "stops.shp: quote, comma, backslash kept" has "$info" 'name (String) = 王家"湾", 东\组'

# --- routes.shp and stops.shp as written by cunlu (shapelib), read by GDAL
# types: the name and type of every field, "name:Type " each
types() { ogrinfo -ro -al -so "$1" | sed -n 's/^\([^ :]*\): \([A-Za-z0-9]*\) (.*$/\1:\2/p' | tr '\n' ' '; }
info=$(ogrinfo -ro -al "$out/routes.shp" 2>&1)
check "cunlu routes.shp: 2 features" has "$info" "Feature Count: 2"
check "cunlu routes.shp: LineString layer" has "$info" "Geometry: Line String"
check "cunlu routes.shp: WGS 84 from the .prj" has "$info" 'ID["EPSG",4326]'
check "cunlu routes.shp: vehicle" has "$info" "vehicle (String) = etrike-2"
check "cunlu routes.shp: start is text" has "$info" "start (String) = 08:30"
check "cunlu routes.shp: cost" has "$info" "cost (Real) = 14.8"
f=$(types "$out/routes.shp")
check "cunlu routes.shp types: $f" test "$f" = "vehicle:String trip:Integer type:String mode:String stops:Integer dist_m:Integer dur_s:Integer start:String end:String load:Integer cost:Real "
check "cunlu routes.shp has the fields of routes.geojson" test "$(fields "$out/routes.shp")" = "$(fields "$out/routes.geojson")"
info=$(ogrinfo -ro -al "$out/stops.shp" 2>&1)
check "cunlu stops.shp: 5 features" has "$info" "Feature Count: 5"
check "cunlu stops.shp: Point layer" has "$info" "Geometry: Point"
check "cunlu stops.shp: Chinese depot name" has "$info" "name (String) = 城关镇共配中心"
check "cunlu stops.shp: quote, comma, backslash kept" has "$info" 'name (String) = 王家"湾", 东\组'
check "cunlu stops.shp: kept column" has "$info" "LXR (String) = 王五"
check "cunlu stops.shp: the reason" has "$info" "reason (String) = demand above every capacity"
check "cunlu stops.shp: arrival is text" has "$info" "arrival (String) = 08:12"
check "cunlu stops.shp: a point" has "$info" "POINT (114.2 30.7)"
f=$(types "$out/stops.shp")
check "cunlu stops.shp types: $f" test "$f" = "kind:String status:String vehicle:String trip:Integer seq:Integer id:String name:String arrival:String start:String load:Integer deliver:Integer pickup:Integer reason:String snap_m:Real LXR:String DH:String "
check "cunlu stops.shp has the fields of stops.geojson" test "$(fields "$out/stops.shp")" = "$(fields "$out/stops.geojson")"
check "cunlu stops.cpg says UTF-8" test "$(cat "$out/stops.cpg")" = "UTF-8"
# --shp-encoding GBK: the .cpg says 936, the .dbf has LDID 0x4D, and
# GDAL turns the GBK bytes back into the same Chinese text.
check "mkout writes GBK shapefiles" "$BUILD/tools/mkout" "$TMP/gbk" GBK
check "GBK stops.cpg says 936" test "$(cat "$TMP/gbk/stops.cpg")" = "936"
check "GBK stops.dbf has LDID 0x4D" test "$(od -An -tx1 -j29 -N1 "$TMP/gbk/stops.dbf" | tr -d ' ')" = "4d"
check "GBK stops.dbf holds GBK bytes (城 = B3 C7)" python3 -c '
import sys; d = open(sys.argv[1], "rb").read(); assert b"\xb3\xc7" in d and "城".encode() not in d' "$TMP/gbk/stops.dbf"
info=$(ogrinfo -ro -al "$TMP/gbk/stops.shp" 2>&1)
check "GBK stops.shp: GDAL reads the Chinese name" has "$info" "name (String) = 城关镇共配中心"
check "GBK stops.shp: kept column" has "$info" "LXR (String) = 赵六"

# --- summary.json and dispatch.csv as Python reads them
check "summary.json is strict JSON with the totals" python3 -c '
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"),
              parse_constant=lambda c: sys.exit("constant " + c))
assert s["total_dist_m"] == 37300 and s["served"] == 3, s
assert [v["vehicle"] for v in s["vehicles"]] == ["van-1", "etrike-2"]
assert s["unassigned"][0]["record"] == 4
' "$out/summary.json"
check "dispatch.csv reads as CSV with the BOM skipped" python3 -c '
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, strict=True))
assert rows[0][0] == "vehicle" and len(rows) == 8, rows[0]
assert all(len(r) == 17 for r in rows)
assert rows[0][15:] == ["LXR", "DH"] and rows[2][15] == "王五", rows[2]
assert rows[2][6] == "王家\"湾\", 东\\组\n二号", rows[2][6]
assert [r[3] for r in rows[1:5]] == ["0", "1", "2", "3"]
assert [r[4] for r in rows[1:5]] == ["depart", "stop", "stop", "return"]
' "$out/dispatch.csv"
info=$(ogrinfo -ro -al -so "$out/dispatch.csv" 2>&1)
check "GDAL reads dispatch.csv: 7 lines" has "$info" "Feature Count: 7"
check "GDAL reads dispatch.csv: BOM not in the first field name" has "$info" "
vehicle: String"

finish
