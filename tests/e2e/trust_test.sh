#!/bin/sh
# tests/e2e/trust_test.sh -- issue 12, "a plan you can trust", end to end:
# geography sanity (far villages, a swapped depot or layer, --allow-far),
# a plan that serves nobody (exit 6, outputs kept), cron-quiet (-q and
# exit 5: one line), records named by record, FID, ID and name.
. "$(dirname "$0")/lib.sh"

A=maps/andorra
G=maps/gbk-sample
# The Andorra sample on a Monday, when all 52 villages are scheduled (DAYS),
# with its fleet (three villages need the refrigerated van): the default
# date, tomorrow, would make the counts depend on the weekday.
MON="--date 2025-06-02"

# outputs of a good run, to see that failures leave them alone
good=$TMP/good
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet $A/fleet.json $MON --out-dir "$good" \
	--iterations 200 -q >/dev/null 2>&1
check "a good run first" test -s "$good/summary.json"
snap() { (cd "$good" && ls -lA --time-style=+%s.%N && md5sum ./*); }
snap >"$TMP/before"
kept() { snap >"$TMP/after"; cmp -s "$TMP/before" "$TMP/after"; }

# run_expect NAME CODE EXPECT ARGS...: exit CODE, one line on stderr holding
# EXPECT (a fixed string), the good outputs untouched.
run_expect() {
	name=$1; code=$2; expect=$3; shift 3
	"$CUNLU" solve "$@" --out-dir "$good" --iterations 100 -q >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ne "$code" ]; then fail "$name: exit $rc, not $code: $(cat "$TMP/err")"; return; fi
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || { fail "$name: not one line: $(cat "$TMP/err")"; return; }
	grep -qF -- "$expect" "$TMP/err" || { fail "$name: message lacks '$expect': $(cat "$TMP/err")"; return; }
	kept || { fail "$name: the outputs changed"; return; }
	ok
}

# --- geography sanity ---------------------------------------------------------
# The Andorra villages with record 5's coordinates swapped (both valid) and
# record 10 at (0, 0); the whole layer swapped; the GBK sample with one
# village 150 km east (within 300 km of the depot, far beyond the spread).
ogr2ogr -q -f GeoJSON "$TMP/v.geojson" $A/villages.shp
ogr2ogr -q -f GeoJSON -oo ENCODING=CP936 "$TMP/g.geojson" $G/villages.shp
python3 - "$TMP" <<'PY'
import json, sys
t = sys.argv[1]
d = json.load(open(t + "/v.geojson"))
f = d["features"]
c = f[4]["geometry"]["coordinates"]
f[4]["geometry"]["coordinates"] = [c[1], c[0]]
f[9]["geometry"]["coordinates"] = [0, 0]
json.dump(d, open(t + "/bad.geojson", "w"))
d = json.load(open(t + "/v.geojson"))
for x in d["features"]:
    x["geometry"]["coordinates"] = x["geometry"]["coordinates"][::-1]
json.dump(d, open(t + "/allswap.geojson", "w"))
d = json.load(open(t + "/g.geojson"))
d["features"][2]["geometry"]["coordinates"][0] += 1.5
json.dump(d, open(t + "/spread.geojson", "w"))
PY
for n in bad allswap spread; do
	ogr2ogr -q -f "ESRI Shapefile" -lco ENCODING=UTF-8 -mapFieldType Time=String "$TMP/$n.shp" "$TMP/$n.geojson"
done
run_expect "a village with lon/lat swapped" 2 \
	'bad.shp: record 5 (FID 4, ID osm64954389 "Anyós") at lon 42.534361, lat 1.525483 is 6112 km from the depot (more than 300 km); longitude and latitude look swapped: at lon 1.525483, lat 42.534361 it would be 3.0 km away; 1 more far village (record 10 (FID 9, ID osm64954415 "Sispony") 4729 km); --allow-far plans with them anyway' \
	"$TMP/bad.shp" --depot $A/depot.shp
run_expect "a swapped --depot" 2 \
	'the depot (--depot) at lon 42.507466, lat 1.521235 is 6113 km from the villages (their median point lon 1.520749, lat 42.547280), more than 300 km; its longitude and latitude look swapped: at lon 1.521235, lat 42.507466 it would be 4.4 km from them (--depot takes LON,LAT)' \
	$A/villages.shp --depot 42.507466,1.521235 $MON
run_expect "a whole layer swapped" 2 \
	'allswap.shp: the depot record 1 (FID 0, ID depot "Andorra la Vella co-delivery centre") at lon 1.521235, lat 42.507466 is 6113 km from the villages' \
	"$TMP/allswap.shp" --depot $A/depot.shp
run_expect "a village far beyond the layer's spread" 2 \
	'spread.shp: record 3 (FID 2, ID V03' "$TMP/spread.shp" --depot $G/depot.shp
grep -qF 'times the spread of the layer' "$TMP/err" && ok || fail "spread: the rule is not named: $(cat "$TMP/err")"

# --allow-far plans anyway, with one warning per far village
"$CUNLU" solve "$TMP/spread.shp" --depot $G/depot.shp --out-dir "$TMP/far" --iterations 100 --allow-far \
	>/dev/null 2>"$TMP/err"
rc=$?
check "--allow-far: solved" test "$rc" -eq 0 -o "$rc" -eq 5
check "--allow-far: warned" grep -qF 'spread.shp: record 3 (FID 2, ID V03' "$TMP/err"

# --- a plan that serves no village: exit 6, nothing written ----------------------
run_expect "no village served (a swapped depot, --allow-far)" 6 \
	"no village served: all 52 villages with parcels due are unassigned (first record 1 (FID 0, ID osm64954372" \
	$A/villages.shp --depot 42.507466,1.521235 --allow-far $MON
grep -qF "nothing written, the outputs in $good are kept" "$TMP/err" && ok || fail "exit 6: the message does not say the outputs are kept"

# --- cron-quiet: -q with exit 5 prints one line -----------------------------------
# a fleet of one tricycle cannot serve all 52 villages
printf '{"vehicle_types": [ {"name": "etricycle", "count": 1, "capacity": 40, "speed_kmh": 18} ]}' >"$TMP/small.json"
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet "$TMP/small.json" $MON --out-dir "$TMP/q" \
	--iterations 100 -q >"$TMP/out" 2>"$TMP/err"
check "-q, some villages unassigned: exit 5" test $? -eq 5
check "-q: nothing on stdout" test ! -s "$TMP/out"
check "-q: exactly one line on stderr" test "$(wc -l <"$TMP/err")" -eq 1
n_un=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['unassigned_count'])" "$TMP/q/summary.json")
check "-q: the line says served N of M, K unassigned, see summary.json" \
	grep -qxF "cunlu: served $((52 - n_un)) of 52 villages, $n_un unassigned (see $TMP/q/summary.json)" "$TMP/err"
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet $A/fleet.json $MON --out-dir "$TMP/q0" \
	--iterations 100 -q >"$TMP/out" 2>"$TMP/err"
check "-q, all served: exit 0 and silent" sh -c "[ $? -eq 0 ] && [ ! -s '$TMP/err' ] && [ ! -s '$TMP/out' ]"

finish
