#!/bin/sh
# html_test.sh -- map.html and sheets.html in a real browser.
#
# Headless Chromium (Debian's chromium, installed by tests/install-deps.sh)
# loads each page from disk through tests/tools/html_check.py, which reads
# the DOM (route paths = routes, stop circles = visits, crosses = villages
# not served, one sheet per route and a row per stop, the printed PDF has
# a page per sheet), hovers a stop and reads its tooltip, switches a
# vehicle off, finds no console error and no network request, and checks
# that a screenshot is not blank. Screenshots are kept in
# $BUILD/screenshots/ for people to look at. Cases: the hand-made plan
# (tests/fixtures/output_fixture.h), the Andorra sample with roads (the
# road network drawn), the drone sample (its no-fly zone drawn and named;
# with the Encamp launch site: flights, launch site, the pilot's sheet),
# and 5,000 synthetic stops (the load time and a
# zoom step printed and bounded). A missing chromium is a failure.
. "$(dirname "$0")/lib.sh"

shots="$BUILD/screenshots"
mkdir -p "$shots"
HC="python3 tests/tools/html_check.py"

if ! command -v chromium >/dev/null 2>&1; then
	fail "chromium is not on PATH (make test installs it: tests/install-deps.sh)"
	finish
	exit 1
fi

# --- the hand-made plan: 2 routes, 3 visits, 1 unassigned, kept LXR/DH
fx="$TMP/fx"
check "mkout writes the outputs" "$BUILD/tools/mkout" "$fx"
check "fixture map.html" $HC map "$fx" --routes 2 --visits 3 --others 1 \
	--hover 李村 --tip 08:30 0851-1234 "parcels to hand over" --shot "$shots/fixture-map.png"
check "fixture sheets.html" $HC sheets "$fx" --sheets 2 --rows 3 \
	--contains 王五 13800000001 "wait to 09:00" 08:00–17:00 --pdf-pages 2 \
	--shot "$shots/fixture-sheets.png"

# --- Andorra with roads: the network under the routes
A=maps/andorra
an="$TMP/andorra"
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet $A/fleet.json --roads $A/roads.shp \
	--date 2025-06-03 --out-dir "$an" --seed 1 --iterations 3000 -q 2>"$TMP/err"
rc=$?
{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || { fail "andorra solve exit $rc"; cat "$TMP/err"; }
counts=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1] + "/routes.geojson"))["features"]
s = json.load(open(sys.argv[1] + "/stops.geojson"))["features"]
print(len(r), sum(f["properties"]["kind"] == "visit" for f in s),
      sum(f["properties"]["kind"] not in ("visit", "depot") for f in s))' "$an")
set -- $counts
check "andorra map.html ($1 routes, $2 visits)" $HC map "$an" --routes "$1" --visits "$2" \
	--others "$3" --roads --hover "Santa Coloma" --tip arrival --contains "2025-06-03 周二 Tue" \
	--shot "$shots/andorra-map.png"
# the day planned on every sheet (the page header is not printed)
n=$(grep -o '日期 date</th><td>2025-06-03 周二 Tue<' "$an/sheets.html" | wc -l)
check "andorra sheets.html: the date on each of the $1 sheets ($n)" test "$n" -eq "$1"
check "andorra sheets.html" $HC sheets "$an" --sheets "$1" --rows "$2" --pdf-pages "$1" \
	--contains "for 2025-06-03 周二 Tue" --shot "$shots/andorra-sheets.png"

# --- the drone sample: its no-fly zone drawn and named
dr="$TMP/drones"
"$CUNLU" solve maps/andorra-drones/villages.shp --depot $A/depot.shp --fleet maps/andorra-drones/fleet.json \
	--roads $A/roads.shp --no-fly maps/andorra-drones/nofly.shp --out-dir "$dr" --seed 1 \
	--iterations 2000 -q 2>"$TMP/err"
rc=$?
{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || { fail "drone sample solve exit $rc"; cat "$TMP/err"; }
check "drone sample map.html: the no-fly zone" $HC map "$dr" --zones 1 --zone-names "Estany d'Engolasters" \
	--roads --shot "$shots/drones-map.png"

# --- the drone sample with the Encamp launch site (issue 15): the sorties
# are dotted straight flights from the station (open square), the no-fly
# zone is drawn, the road network too; one pilot's sheet for all sorties
dr="$TMP/drones-encamp"
"$CUNLU" solve maps/andorra-drones/villages.shp --depot $A/depot.shp \
	--fleet maps/andorra-drones/fleet-encamp.json --roads $A/roads.shp \
	--no-fly maps/andorra-drones/nofly.shp --drone-sites maps/andorra-drones/sites.shp \
	--out-dir "$dr" --seed 1 --iterations 3000 -q 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok || { fail "drone sample solve exit $rc"; cat "$TMP/err"; }
counts=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1] + "/routes.geojson"))["features"]
s = json.load(open(sys.argv[1] + "/stops.geojson"))["features"]
fl = [f for f in r if f["properties"]["mode"] == "drone"]
pilots = len(set(f["properties"]["vehicle"] for f in fl))
print(len(r), sum(f["properties"]["kind"] == "visit" for f in s), len(fl), pilots,
      len(r) - len(fl) + pilots)' "$dr")
set -- $counts
check "drone sample: the drone flies ($3 sorties)" test "$3" -ge 2
check "drone sample map.html ($1 routes, $3 flights)" $HC map "$dr" --routes "$1" --visits "$2" \
	--flights "$3" --launch 1 --zones 1 --roads --hover hut-illa --tip uav-encamp-1 \
	--shot "$shots/drones-map.png"
check "drone sample sheets.html: a pilot's sheet, not a page per sortie" $HC sheets "$dr" \
	--sheets "$5" --pilots "$4" --rows "$2" --pdf-pages "$5" \
	--contains "drone pilot" "Encamp township station" "Refugi de l'Illa" \
	--shot "$shots/drones-sheets.png"

# --- 5,000 stops: the map stays quick (bounds generous for a shared CI box)
big="$TMP/big"
check "mkout --big 5000" "$BUILD/tools/mkout" --big 5000 "$big"
check "5000-stop map.html" $HC map "$big" --routes 100 --visits 4750 --others 250 \
	--max-load-ms 8000 --shot "$shots/big-map.png"
check "5000-stop sheets.html" $HC sheets "$big" --sheets 100 --rows 4750 \
	--shot "$shots/big-sheets.png"
finish
