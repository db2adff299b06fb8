# tests/e2e/lib.sh -- helpers for the shell end-to-end tests (sourced).
# Each script sets up, calls ok/fail per case, and ends with `finish`.
: "${CUNLU:=build/cunlu}"
: "${BUILD:=build}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
passed=0
failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check NAME COMMAND...: the command must succeed
check() { name=$1; shift; if "$@"; then ok; else fail "$name"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

# Shapefile fixtures for a test are written here from GeoJSON, so that the
# layer is readable in the test itself:
#   mk_layer NAME FEATURES [ogr2ogr options...]: $TMP/NAME.shp (.shx, .dbf,
#     .prj, .cpg) from comma-separated GeoJSON features, through ogr2ogr
#     (gdal-bin is a test dependency); "HH:MM" values stay text
#     (-mapFieldType Time=String). Returns ogr2ogr's status.
#   pt LON LAT PROPS: a GeoJSON Point feature with properties {PROPS}.
# Layers GDAL will not write (a NaN coordinate, a damaged file, a DBF code
# page byte) are made by editing a written file (see cli_test.sh) or by
# tests/tools/mkshp.c (shapelib's writers, for test_io_shp and the fuzz
# seeds).
mk_layer() {
	n=$1; feats=$2; shift 2
	printf '{"type":"FeatureCollection","features":[%s]}' "$feats" >"$TMP/$n.geojson"
	ogr2ogr -q -f "ESRI Shapefile" -mapFieldType Time=String "$TMP/$n.shp" "$TMP/$n.geojson" "$@" 2>/dev/null
}
pt() {
	printf '{"type":"Feature","geometry":{"type":"Point","coordinates":[%s,%s]},"properties":{%s}}' "$1" "$2" "$3"
}
