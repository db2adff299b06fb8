#!/bin/sh
# tests/qgis/run.sh -- `make test-qgis`: the output layers in a real QGIS.
#
# Installs Debian's python3-qgis when it is missing (tests/install-deps.sh
# --qgis: about 110 MB, 160 packages), plans the two `make demo` samples
# (Andorra on its roads with today's orders; the drone sample) and the GBK
# sample (names in GBK with no declared code page, contact and phone kept,
# shapefiles written in UTF-8 and, again, in GBK) and the same villages as
# a clerk's GBK CSV table with Chinese column names (contact and phone
# kept: Chinese .dbf field names, written in GBK), then loads every
# routes/stops GeoJSON and shapefile headless (QT_QPA_PLATFORM=offscreen)
# with tests/qgis/check_layers.py: validity, CRS, geometry types, feature
# counts, field types, every attribute against the GeoJSON text, Chinese
# names against the GBK source layer as QGIS reads it. Ends with
# "N passed, N failed".
#
#   CUNLU=build/cunlu sh tests/qgis/run.sh [--no-install]
# DEMO_ARGS and DEMO_DRONE_ARGS (from the Makefile) are the demo's
# arguments; --out-dir given after them wins.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
: "${CUNLU:=build/cunlu}"
# QGIS's Python bindings are built for Debian's interpreter, not another
# python3 that may come first on PATH
PY=/usr/bin/python3

if ! $PY -c 'import qgis.core' >/dev/null 2>&1; then
	if [ "${1:-}" = "--no-install" ]; then
		echo "FAIL: python3-qgis is not installed"
		echo "0 passed, 1 failed"
		exit 1
	fi
	t0=$(date +%s)
	sh tests/install-deps.sh --qgis || { echo "FAIL: installing python3-qgis"; echo "0 passed, 1 failed"; exit 1; }
	echo "python3-qgis installed in $(($(date +%s) - t0)) s"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
solve() {
	out=$1
	shift
	"$CUNLU" solve "$@" --out-dir "$tmp/$out" --run-id "qgis-$out" -q 2>"$tmp/$out.err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then
		echo "FAIL: cunlu solve $* exited $rc"
		cat "$tmp/$out.err"
		fails=$((fails + 1))
	fi
}
: "${DEMO_ARGS:=maps/andorra/villages.shp --depot maps/andorra/depot.shp --fleet maps/andorra/fleet.json --roads maps/andorra/roads.shp --orders maps/andorra/orders.csv --date 2025-06-03 --seed 1}"
: "${DEMO_DRONE_ARGS:=maps/andorra-drones/villages.shp --depot maps/andorra/depot.shp --fleet maps/andorra-drones/fleet.json --roads maps/andorra/roads.shp --no-fly maps/andorra-drones/nofly.shp --seed 1}"
# shellcheck disable=SC2086
solve andorra $DEMO_ARGS --iterations 3000
# shellcheck disable=SC2086
solve andorra-drones $DEMO_DRONE_ARGS --iterations 3000
G=maps/gbk-sample
solve gbk $G/villages.shp --keep-fields LXR,DH --iterations 2000
solve gbk-936 $G/villages.shp --keep-fields LXR,DH --iterations 2000 --shp-encoding GBK
# a clerk's table: GBK, Chinese column names (经度/纬度 found by default),
# the contact and phone columns kept: Chinese field names in the .dbf
python3 - $G/villages.csv "$tmp/clerk.csv" <<'EOF2'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
zh = {"NAME": "名称", "DEMAND": "件数", "TW_START": "开门", "TW_END": "关门", "LXR": "联系人",
      "DH": "电话", "lon": "经度", "lat": "纬度"}
rows[0] = [zh.get(c, c) for c in rows[0]]
with open(sys.argv[2], "w", encoding="gbk", newline="") as f:
    csv.writer(f).writerows(rows)
EOF2
solve clerk-936 "$tmp/clerk.csv" --depot 107.5038,26.5012 --field name=名称 --field demand=件数 \
	--field tw_start=开门 --field tw_end=关门 --keep-fields 联系人,电话 --iterations 2000 --shp-encoding GBK

mkdir -m 700 "$tmp/xdg"
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/xdg" $PY tests/qgis/check_layers.py \
	"$tmp/andorra" "$tmp/andorra-drones" \
	--names-from $G/villages.shp:GBK "$tmp/gbk" \
	--names-from $G/villages.shp:GBK "$tmp/gbk-936" "$tmp/clerk-936" >"$tmp/log" 2>&1
rc=$?
sed -e "s|$tmp/||g" -e '/^[0-9]* passed, [0-9]* failed$/d' "$tmp/log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/log" | tail -n 1)
if [ -z "$line" ]; then
	echo "FAIL: check_layers.py crashed or printed no result (exit $rc)"
	echo "0 passed, $((fails + 1)) failed"
	exit 1
fi
p=${line%% passed*}
f=${line#*passed, }
f=${f%% failed*}
echo "$p passed, $((f + fails)) failed"
[ $rc -eq 0 ] && [ $fails -eq 0 ]
