#!/bin/sh
# cli_test.sh -- end-to-end tests of `cunlu` on real files: the sample
# counties, exit codes, the outputs agreeing with each other, and every bad
# input leaving an existing --out-dir exactly as it was.
. "$(dirname "$0")/lib.sh"

A=maps/andorra
G=maps/gbk-sample

# --- help, version, usage errors ------------------------------------------
check "--help exits 0" sh -c "$CUNLU --help | grep -q 'cunlu solve VILLAGES.shp'"
# what the default effort is, and that more may help (issue 13 item 4)
check "--help: the default effort" sh -c "$CUNLU --help | tr -s ' \n' '  ' | grep -q \
	'default 5000 per village up to 200000, plus 100 per village'"
check "--help: more effort may help" sh -c "$CUNLU --help | tr -s ' \n' '  ' | grep -q \
	'more effort may still give cheaper plans'"
check "--version" sh -c "$CUNLU --version | grep -q '^cunlu [0-9]'"
"$CUNLU" >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "no arguments -> 2"
"$CUNLU" solve >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "solve without file -> 2"
"$CUNLU" solve $A/villages.shp --bogus >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "unknown option -> 2"
"$CUNLU" solve $A/villages.shp --time-limit -3 >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "negative time limit -> 2"

# --- the Andorra sample -----------------------------------------------------
# (--date: a Monday, when every village is scheduled; the default,
# tomorrow, would make the runs depend on the day the tests run)
out=$TMP/andorra
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet $A/fleet.json --date 2025-06-02 \
	--out-dir "$out" --seed 1 --iterations 3000 --run-id same -q >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || { fail "andorra solve exit $rc"; cat "$TMP/stderr"; }
for f in routes.geojson stops.geojson summary.json dispatch.csv \
	routes.shp routes.shx routes.dbf routes.prj routes.cpg \
	stops.shp stops.shx stops.dbf stops.prj stops.cpg map.html sheets.html; do
	[ -s "$out/$f" ] && ok || fail "andorra: $f missing"
done
[ -z "$(ls -A "$out" | grep -v -E '^(routes|stops)\.(geojson|shp|shx|dbf|prj|cpg)$|^summary\.json$|^dispatch\.csv$|^(map|sheets)\.html$|^\.cunlu\.lock$')" ] \
	&& ok || fail "andorra: stray files in out dir: $(ls -A "$out")"
[ ! -s "$TMP/stdout" ] && ok || fail "-q printed on stdout"
# Exit code 5 exactly when summary.json lists unassigned villages.
n_un=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['unassigned']))" "$out/summary.json")
if [ "$n_un" -gt 0 ]; then [ $rc -eq 5 ] && ok || fail "unassigned but exit $rc"; else [ $rc -eq 0 ] && ok || fail "all served but exit $rc"; fi

# The outputs agree with each other: per-route figures, stop counts, loads.
python3 - "$out" <<'PY' && ok || fail "andorra: outputs disagree"
import csv, json, sys
d = sys.argv[1]
routes = json.load(open(d + "/routes.geojson"))
stops = json.load(open(d + "/stops.geojson"))
summ = json.load(open(d + "/summary.json"))
assert routes["type"] == "FeatureCollection" and "crs" not in routes
rs = routes["features"]
# one line per trip; the vehicles' trips add up
assert len(rs) == summ["trips"] == sum(v["trips"] for v in summ["vehicles"])
assert summ["vehicles_used"] == len(summ["vehicles"])
assert sum(f["properties"]["dist_m"] for f in rs) == summ["total_dist_m"]
assert sum(v["dur_s"] for v in summ["vehicles"]) == summ["total_dur_s"]
assert abs(sum(f["properties"]["cost"] for f in rs) - summ["total_cost"]) < 0.01 * len(rs)
for v in summ["vehicles"]:
    assert v["dist_m"] == sum(t["dist_m"] for t in v["trip_list"])
    assert v["dur_s"] >= sum(t["dur_s"] for t in v["trip_list"])
visits = [f for f in stops["features"] if f["properties"].get("kind") == "visit"]
assert len(visits) == summ["served"]
assert sum(f["properties"]["stops"] for f in rs) == summ["served"]
# Every village ID appears once: on a route, unassigned, deferred or not planned.
left = summ["unassigned"] + summ["deferred"] + summ["not_planned"]
ids = [f["properties"]["id"] for f in visits] + [u["id"] for u in left]
assert len(ids) == len(set(ids)) == 52, "a village twice or missing"
# Loads along each trip: start load minus deliveries plus pickups.
byveh = {}
for f in visits:
    byveh.setdefault((f["properties"]["vehicle"], f["properties"]["trip"]), []).append(f["properties"])
for f in rs:
    p = f["properties"]
    seq = sorted(byveh[(p["vehicle"], p["trip"])], key=lambda s: s["seq"])
    assert len(seq) == p["stops"]
    load = p["load"]
    for s in seq:
        load = load - s["deliver"] + s["pickup"]
        assert load == s["load"], (p["vehicle"], s)
    # the line starts and ends at the depot and passes the stops in order
    c = f["geometry"]["coordinates"]
    assert c[0] == c[-1] and len(c) == p["stops"] + 2
lines = open(d + "/dispatch.csv", encoding="utf-8-sig", newline="").read().split("\r\n")
# the first line names the run (issue 12), then the header and the rows
assert lines[0] == "# run_id same", lines[0]
rows = list(csv.reader(lines[1:-1]))
# a depart and a return line per vehicle, a reload line per later trip
assert len(rows) - 1 == summ["served"] + summ["vehicles_used"] + summ["trips"], len(rows)
kinds = [r[4] for r in rows[1:]]
assert kinds.count("reload") == summ["trips"] - summ["vehicles_used"]
assert summ["run_id"] == routes["run_id"] == stops["run_id"] == "same"
PY

# Same seed and iterations: byte-identical routes.
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet $A/fleet.json --date 2025-06-02 \
	--out-dir "$TMP/again" --seed 1 --iterations 3000 --run-id same -q >/dev/null 2>&1
cmp -s "$out/routes.geojson" "$TMP/again/routes.geojson" && ok || fail "same seed, different routes"

# --- the GLPK refinement on a shapefile problem -------------------------------
# (with the sample fleet made one trip per vehicle, tests/fixtures: the
# route pool does not take multi-trip routes yet)
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet tests/fixtures/andorra_fleet_1trip.json --date 2025-06-02 \
	--out-dir "$TMP/ilp" --seed 1 --iterations 2000 --ilp --ilp-time-limit 2 -q >/dev/null 2>"$TMP/ilp.err"
rc=$?
{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || { fail "--ilp exit $rc"; cat "$TMP/ilp.err"; }
python3 - "$TMP/ilp/summary.json" <<'PY' && ok || fail "--ilp: summary.json lacks a consistent ilp report"
import json, sys
s = json.load(open(sys.argv[1]))
i = s["ilp"]
assert i["runs"] >= 1 and i["pool_routes"] >= s["vehicles_used"], i
assert i["cost_after"] <= i["cost_before"] + 1e-6, i
assert 0 <= i["gain"] <= i["cost_before"] - i["cost_after"] + 0.01, i
assert abs(s["total_cost"] - min(i["cost_before"], i["cost_after"])) < 0.01 or s["total_cost"] <= i["cost_before"], (s["total_cost"], i)
assert i["lp_bound"] is None or i["lp_bound"] <= i["cost_after"] + 0.01, i
# Andorra's plan is small: the end phase's model covers all of it, GLPK
# proves it, and its LP bound is reported
assert i["whole_plan"] is True and i["status"] == "optimal", i
assert i["lp_bound"] is not None, i
PY
python3 -c "import json,sys; assert 'ilp' not in json.load(open(sys.argv[1]))" "$out/summary.json" \
	&& ok || fail "summary.json reports an ilp block without --ilp"

# --- the GBK sample: Chinese names arrive in UTF-8 ---------------------------
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --out-dir "$TMP/gbk" --iterations 500 >/dev/null 2>"$TMP/gbk.err"
rc=$?
{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || { fail "gbk solve exit $rc"; cat "$TMP/gbk.err"; }
grep -q '村' "$TMP/gbk/stops.geojson" && ok || fail "gbk: names not decoded to UTF-8"
grep -qi 'GB18030\|GBK' "$TMP/gbk.err" && ok || fail "gbk: no warning about the assumed encoding"
python3 -c "import json,sys; json.load(open(sys.argv[1], encoding='utf-8'))" "$TMP/gbk/stops.geojson" && ok || fail "gbk: stops.geojson not UTF-8 JSON"

# --- depot given as coordinates, default fleet ---------------------------------
"$CUNLU" solve $G/villages.shp --depot 107.52,26.58 --out-dir "$TMP/dll" --iterations 200 -q >/dev/null 2>&1
rc=$?; { [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || fail "--depot LON,LAT exit $rc"
"$CUNLU" solve $G/villages.shp --depot 26.58,107.52 --out-dir "$TMP/dll2" -q >/dev/null 2>"$TMP/swap.err"
[ $? -eq 2 ] && grep -q swapped "$TMP/swap.err" && ok || fail "--depot swapped lat/lon not explained"
# no --depot and none beside a village table: the message names both files looked for
mkdir -p "$TMP/nodepot" && cp $G/villages.csv "$TMP/nodepot/"
"$CUNLU" solve "$TMP/nodepot/villages.csv" --out-dir "$TMP/nd" -q >/dev/null 2>"$TMP/nd.err"
[ $? -eq 2 ] && grep -q "no $TMP/nodepot/depot.csv nor $TMP/nodepot/depot.shp found" "$TMP/nd.err" && ok \
	|| fail "no depot beside a CSV table: $(cat "$TMP/nd.err")"

# --- a projected layer (UTM 48N .prj) is read through PROJ ------------------------
mk_layer utm "$(pt 107.5 26.5 '"ID":"a","DEMAND":3')" -s_srs EPSG:4326 -t_srs EPSG:32648
"$CUNLU" solve "$TMP/utm.shp" --depot 107.52,26.58 --out-dir "$TMP/utm_out" -q 2>"$TMP/utm.err"
rc=$?; { [ $rc -eq 0 ] || [ $rc -eq 5 ]; } && ok || { fail "UTM layer: exit $rc"; cat "$TMP/utm.err"; }
python3 -c '
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["features"] if f["properties"]["id"] == "a"][0]
x, y = f["geometry"]["coordinates"]
assert abs(x - 107.5) < 1e-6 and abs(y - 26.5) < 1e-6, (x, y)' "$TMP/utm_out/stops.geojson" \
	&& ok || fail "UTM layer: the village is not back at 107.5, 26.5"

# --- bad inputs: exit 2, one message naming the file, out dir untouched ------------
good=$TMP/good
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --out-dir "$good" --iterations 200 -q >/dev/null 2>&1
snap() { (cd "$good" && ls -lA --time-style=+%s.%N && md5sum ./*) ; }
snap >"$TMP/before"

# bad_input NAME EXPECT-IN-MESSAGE ARGS...
bad_input() {
	name=$1; expect=$2; shift 2
	"$CUNLU" solve "$@" --out-dir "$good" --iterations 50 -q >/dev/null 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 2 ]; then fail "$name: exit $rc, not 2"; cat "$TMP/err"; return; fi
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || { fail "$name: not one line: $(cat "$TMP/err")"; return; }
	grep -q -- "$expect" "$TMP/err" || { fail "$name: message lacks '$expect': $(cat "$TMP/err")"; return; }
	snap >"$TMP/after"
	cmp -s "$TMP/before" "$TMP/after" || { fail "$name: out dir changed"; return; }
	ok
}

ok_props='"ID":"a","NAME":"x","DEMAND":3,"TW_START":"08:00","TW_END":"17:00"'

mk_layer line '{"type":"Feature","geometry":{"type":"LineString","coordinates":[[107.5,26.5],[107.6,26.6]]},"properties":{"ID":"r"}}'
bad_input "line layer" "line.shp" "$TMP/line.shp" --depot 107.5,26.5
mk_layer poly '{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[107.5,26.5],[107.6,26.6],[107.6,26.5],[107.5,26.5]]]},"properties":{"ID":"p"}}'
bad_input "polygon layer" "poly.shp" "$TMP/poly.shp" --depot 107.5,26.5
mk_layer demand_txt "$(pt 107.5 26.5 '"ID":"a","DEMAND":"lots"')"
bad_input "non-numeric DEMAND" "DEMAND" "$TMP/demand_txt.shp" --depot 107.5,26.5
mk_layer demand_neg "$(pt 107.5 26.5 '"ID":"a","DEMAND":-4')"
bad_input "negative DEMAND" "DEMAND" "$TMP/demand_neg.shp" --depot 107.5,26.5
mk_layer swapped "$(pt 26.5 107.5 "$ok_props")"
bad_input "lat/lon swapped" "swapped" "$TMP/swapped.shp" --depot 107.5,26.5
mk_layer badtime "$(pt 107.5 26.5 '"ID":"a","TW_START":"8h30","TW_END":"17:00"')"
bad_input "bad HH:MM" "TW_START" "$TMP/badtime.shp" --depot 107.5,26.5
mk_layer twrev "$(pt 107.5 26.5 '"ID":"a","TW_START":"17:00","TW_END":"08:00"')"
bad_input "TW_END before TW_START" "TW_END" "$TMP/twrev.shp" --depot 107.5,26.5
mk_layer empty "$(pt 107.5 26.5 "$ok_props")" -where "ID = 'none'"
bad_input "empty layer" "empty.shp" "$TMP/empty.shp" --depot 107.5,26.5
mk_layer proj "$(pt 107.5 26.5 "$ok_props")" -s_srs EPSG:4326 -t_srs EPSG:32648
rm -f "$TMP/proj.prj"
bad_input "projected, no .prj" "UTM (EPSG:326xx)" "$TMP/proj.shp" --depot 107.5,26.5
for ext in shx dbf shp; do
	cp $G/villages.shp $G/villages.shx $G/villages.dbf "$TMP/" 2>/dev/null
	mkdir -p "$TMP/miss_$ext"; cp $G/villages.* "$TMP/miss_$ext/"; rm -f "$TMP/miss_$ext/villages.$ext"
	bad_input "missing .$ext" "villages.$ext" "$TMP/miss_$ext/villages.shp" --depot 107.5,26.5
done
mkdir -p "$TMP/trunc"; cp $G/villages.* "$TMP/trunc/"
size=$(wc -c <"$TMP/trunc/villages.shp"); head -c $((size - 30)) $G/villages.shp >"$TMP/trunc/villages.shp"
bad_input "truncated .shp" "truncated" "$TMP/trunc/villages.shp" --depot 107.5,26.5
printf '{"vehicle_types": [ {"name": "van", "count": 2,' >"$TMP/notjson.json"
bad_input "fleet not JSON" "notjson.json" $G/villages.shp --depot 107.5,26.5 --fleet "$TMP/notjson.json"
printf '{"vehicle_types": [ {"name": "van", "count": "two"} ]}' >"$TMP/wrongtype.json"
bad_input "fleet wrong type" "count" $G/villages.shp --depot 107.5,26.5 --fleet "$TMP/wrongtype.json"
printf '{"vehicle_types": [ {"name": "van", "count": 2, "speed": 30} ]}' >"$TMP/unknown.json"
bad_input "fleet unknown key" "speed" $G/villages.shp --depot 107.5,26.5 --fleet "$TMP/unknown.json"
bad_input "missing fleet file" "nope.json" $G/villages.shp --depot 107.5,26.5 --fleet "$TMP/nope.json"
bad_input "field override to a missing column" "PARCELS" $G/villages.shp --depot 107.5,26.5 --field demand=PARCELS

# --- issue 12: no silent defaults -------------------------------------------------
# Columns named in Chinese: every default is warned about, one line per column,
# with the value used and the mapping to give; --strict makes it exit 2.
cn='{"type":"Feature","geometry":{"type":"Point","coordinates":[107.43,26.56]},"properties":{"编号":"V001","名称":"龙塘村","件数":4,"开门":"08:00","关门":"17:00"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[107.45,26.58]},"properties":{"编号":"V002","名称":"上林村","件数":null,"开门":"08:00","关门":"17:00"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[107.47,26.55]},"properties":{"编号":"V003","名称":"岩脚村","件数":0,"开门":"08:00","关门":"17:00"}}'
mk_layer chinese "$cn" -lco ENCODING=UTF-8
"$CUNLU" solve "$TMP/chinese.shp" --depot 107.44,26.57 --out-dir "$TMP/cn" --iterations 100 >/dev/null 2>"$TMP/cn.err"
check "Chinese columns: still solved (exit 0)" test $? -eq 0
check "Chinese columns: one warning per missing default column" test "$(grep -c 'chinese.dbf: no column' "$TMP/cn.err")" -eq 7
check "Chinese columns: the warning says the value used and the mapping" \
	grep -q 'chinese.dbf: no column DEMAND: every village gets 1 parcel to deliver; map the column that holds it with --field demand=件数 (the columns: 编号, 名称, 件数, 开门, 关门)' "$TMP/cn.err"
bad_input "--strict: a missing default column" "no column ID: every village gets its record number as ID; map the column that holds it with --field id=编号" \
	"$TMP/chinese.shp" --depot 107.44,26.57 --strict
cnmap="--field id=编号 --field name=名称 --field demand=件数 --field tw_start=开门 --field tw_end=关门"
"$CUNLU" solve "$TMP/chinese.shp" --depot 107.44,26.57 --out-dir "$TMP/cn2" --iterations 100 $cnmap >"$TMP/cn2.out" 2>"$TMP/cn2.err"
check "mapped columns: exit 0" test $? -eq 0
check "a blank value is counted and named, with the value used" \
	grep -q 'chinese.dbf: 件数 is blank in 1 of 3 records (record 2 (FID 1, ID V002 "上林村")): each gets 1 parcel to deliver' "$TMP/cn2.err"
check "a village with nothing to deliver or collect is not visited, listed as nothing today" python3 -c '
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
assert s["served"] == 2 and s["status_counts"]["nothing today"] == 1, s
np = [(v["id"], v["status"]) for v in s["not_planned"]]
assert np == [("V003", "nothing today")], s["not_planned"]
st = json.load(open(sys.argv[1] + "/stops.geojson"))["features"]
idle = [f["properties"] for f in st if f["properties"]["kind"] == "idle"]
assert [(p["id"], p["status"]) for p in idle] == [("V003", "nothing today")], idle
assert not any(f["properties"]["id"] == "V003" for f in st if f["properties"]["kind"] == "visit")
' "$TMP/cn2"
bad_input "--strict: a blank value" "件数 is blank in 1 of 3 records" "$TMP/chinese.shp" --depot 107.44,26.57 --strict $cnmap --field pickup=件数 --field service=件数
# A wrong .cpg: GBK bytes declared ISO-8859-1 decode to Latin letters with diacritics.
mkdir -p "$TMP/wrongcpg"; cp $G/villages.shp $G/villages.shx $G/villages.dbf "$TMP/wrongcpg/"
echo "ISO-8859-1" >"$TMP/wrongcpg/villages.cpg"
"$CUNLU" solve "$TMP/wrongcpg/villages.shp" --depot 107.52,26.58 --out-dir "$TMP/wc" --iterations 50 >/dev/null 2>"$TMP/wc.err"
check "a wrong .cpg: warned with the likely code page" \
	grep -q 'villages.dbf: 12 text value(s) read as ISO-8859-1 (code page from .*villages.cpg) look written in GBK (e.g. record 1 (FID 0) field NAME ".*" reads "龙塘村村委会" in GBK); if the layer is GBK, write GBK into its .cpg file' "$TMP/wc.err"
bad_input "--strict: a wrong .cpg" "look written in GBK" "$TMP/wrongcpg/villages.shp" --depot 107.52,26.58 --strict
echo "GBK" >"$TMP/wrongcpg/villages.cpg"
"$CUNLU" solve "$TMP/wrongcpg/villages.shp" --depot 107.52,26.58 --out-dir "$TMP/wc2" --iterations 50 --strict >/dev/null 2>"$TMP/wc2.err"
check "the right .cpg: --strict passes" test $? -eq 0
check "the right .cpg: no warning" test ! -s "$TMP/wc2.err"
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet $A/fleet.json --date 2025-06-02 --out-dir "$TMP/strict_ok" --iterations 50 --strict -q >/dev/null 2>&1
check "--strict on the complete Andorra layer: solved" test $? -eq 0

# NaN coordinates cannot be written through GDAL: patch a point's X to NaN.
mkdir -p "$TMP/nan"; cp $G/villages.* "$TMP/nan/"
printf '\000\000\000\000\000\000\370\177' | dd of="$TMP/nan/villages.shp" bs=1 seek=$((100 + 8 + 4)) conv=notrunc 2>/dev/null
bad_input "NaN coordinate" "record 1" "$TMP/nan/villages.shp" --depot 107.5,26.5

# --- an unwritable out dir: exit 4 and nothing left behind --------------------------
touch "$TMP/afile"
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --out-dir "$TMP/afile" --iterations 50 -q >/dev/null 2>"$TMP/err"
[ $? -eq 4 ] && ok || fail "out dir is a file: expected exit 4"

finish
