#!/bin/sh
# orders_test.sh -- end-to-end tests of today's orders (--orders), the
# plan date (--date) with the villages' DAYS, and the village fields
# VEHICLES, SKILLS, DAYS, PRIORITY (issue 11): what is planned, what is
# left out and why, and every bad input stopping with exit 2, one message
# naming the file, line and column, and the out dir untouched.
. "$(dirname "$0")/lib.sh"

A=maps/andorra


# Four villages around a depot at 107.50,26.50; B is served Mon/Wed/Fri.
mk_layer v "$(pt 107.51 26.50 '"ID":"A","DEMAND":5,"VEHICLES":"","SKILLS":"","DAYS":"","PRIORITY":1'),$(pt 107.52 26.51 '"ID":"B","DEMAND":3,"VEHICLES":"","SKILLS":"","DAYS":"1;3;5","PRIORITY":1'),$(pt 107.49 26.49 '"ID":"C","DEMAND":4,"VEHICLES":"","SKILLS":"","DAYS":"","PRIORITY":2'),$(pt 107.50 26.52 '"ID":"7","DEMAND":0,"PICKUP":0,"VEHICLES":"","SKILLS":"","DAYS":"","PRIORITY":1')"
[ -f "$TMP/v.shp" ] && ok || fail "could not make the test layer (ogr2ogr)"
D="--depot 107.50,26.50"

# Without orders, on a Tuesday: B is not scheduled, 7 has nothing to do.
"$CUNLU" solve "$TMP/v.shp" $D --date 2025-06-03 --out-dir "$TMP/tue" --iterations 300 -v \
	>"$TMP/tue.out" 2>"$TMP/tue.err"
rc=$?
[ $rc -eq 0 ] && ok || { fail "tuesday: exit $rc"; cat "$TMP/tue.err"; }
grep -q "2025-06-03 (--date): 2 villages to plan; 0 without orders, 1 with nothing to deliver or collect, 1 not scheduled" "$TMP/tue.err" \
	&& ok || fail "tuesday: no summary of the villages left out: $(cat "$TMP/tue.err")"
grep -q "served 2 of 2 villages" "$TMP/tue.out" && ok || fail "tuesday: $(cat "$TMP/tue.out")"
# On a Wednesday B is planned.
"$CUNLU" solve "$TMP/v.shp" $D --date 2025-06-04 --out-dir "$TMP/wed" --iterations 300 >"$TMP/wed.out" 2>&1
grep -q "served 3 of 3 villages" "$TMP/wed.out" && ok || fail "wednesday: $(cat "$TMP/wed.out")"

# Orders: A twice (summed), B due today on a Tuesday (planned despite DAYS),
# "007" is village 7; C has no orders.
printf 'ID,DELIVER,PICKUP,BRAND,DUE\nA,2,0,ZTO,0\nA,3,1,YTO,\nB,1,0,ZTO,0\n007,0,2,YTO,0\n' >"$TMP/o.csv"
"$CUNLU" solve "$TMP/v.shp" $D --date 2025-06-03 --orders "$TMP/o.csv" --out-dir "$TMP/ord" \
	--iterations 300 -v >"$TMP/ord.out" 2>"$TMP/ord.err"
rc=$?
[ $rc -eq 0 ] && ok || { fail "orders: exit $rc"; cat "$TMP/ord.err"; }
grep -q "served 3 of 3 villages" "$TMP/ord.out" && ok || fail "orders: $(cat "$TMP/ord.out")"
grep -q "1 without orders" "$TMP/ord.err" && ok || fail "orders: C not reported without orders"
python3 - "$TMP/ord" <<'PY' && ok || fail "orders: amounts on the stops"
import json, sys
d = sys.argv[1]
st = json.load(open(d + "/stops.geojson"))["features"]
v = {f["properties"]["id"]: f["properties"] for f in st if f["properties"].get("kind") == "visit"}
assert v["A"]["deliver"] == 5 and v["A"]["pickup"] == 1, v["A"]
assert v["B"]["deliver"] == 1 and v["7"]["pickup"] == 2
assert "C" not in v
PY

# GBK orders file: read, with a warning.
printf 'ID,DELIVER,BRAND\nA,2,\324\317\264\357\n' >"$TMP/gbk.csv"
"$CUNLU" solve "$TMP/v.shp" $D --date 2025-06-03 --orders "$TMP/gbk.csv" --out-dir "$TMP/gbk" \
	--iterations 100 >/dev/null 2>"$TMP/gbk.err"
rc=$?
[ $rc -eq 0 ] && ok || { fail "gbk orders: exit $rc"; cat "$TMP/gbk.err"; }
grep -q "not UTF-8; read as GBK" "$TMP/gbk.err" && ok || fail "gbk orders: no warning"

# --- bad inputs: exit 2, one line naming the place, out dir untouched ------------
good=$TMP/good
"$CUNLU" solve "$TMP/v.shp" $D --out-dir "$good" --iterations 100 -q >/dev/null 2>&1
snap() { (cd "$good" && ls -lA --time-style=+%s.%N && md5sum ./*) ; }
snap >"$TMP/before"
bad_input() { # bad_input NAME EXPECT-IN-MESSAGE ARGS...
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
bad_orders() { # bad_orders NAME CSV EXPECT
	printf "$2" >"$TMP/bad.csv"
	bad_input "$1" "$3" "$TMP/v.shp" $D --orders "$TMP/bad.csv"
}
bad_orders "unknown ID" 'ID,DELIVER\nA,1\nZZ,2\n' "bad.csv: line 3: column ID: no village with ID \"ZZ\""
bad_orders "negative count" 'ID,DELIVER,PICKUP\nA,1,-3\n' "bad.csv: line 2: column PICKUP: \"-3\" is negative"
bad_orders "non-numeric count" 'ID,DELIVER\nA,five\n' "line 2: column DELIVER: \"five\" is not a number"
bad_orders "bad column" 'ID,DELIVERY\nA,1\n' "bad.csv: line 1: unknown column \"DELIVERY\""
bad_orders "bad DUE" 'ID,DELIVER,DUE\nA,1,2025-06-04\n' "line 2: column DUE"
bad_orders "bad READY" 'ID,DELIVER,READY\nA,1,noon\n' "line 2: column READY"
bad_orders "too many fields" 'ID,DELIVER\nA,1,2\n' "line 2: 3 fields"
bad_input "missing orders file" "no/such.csv: cannot open the orders file" "$TMP/v.shp" $D --orders no/such.csv
bad_input "bad --date" "--date 2025-02-30: expected a date YYYY-MM-DD" "$TMP/v.shp" $D --date 2025-02-30
bad_input "bad --defer-cost" "--defer-cost x" "$TMP/v.shp" $D --defer-cost x
mk_layer badveh "$(pt 107.51 26.50 '"ID":"A","DEMAND":5,"VEHICLES":"truck"')"
bad_input "unknown VEHICLES" "badveh.dbf: record 1 (FID 0, ID A): field VEHICLES: no vehicle type \"truck\" in the fleet (it has van, etricycle)" "$TMP/badveh.shp" $D
mk_layer baddays "$(pt 107.51 26.50 '"ID":"A","DEMAND":5,"DAYS":"Mon"')"
bad_input "bad DAYS" "baddays.dbf: record 1 (FID 0, ID A): field DAYS: \"Mon\" is not a list of weekdays" "$TMP/baddays.shp" $D
mk_layer badprio "$(pt 107.51 26.50 '"ID":"A","DEMAND":5,"PRIORITY":-2')"
bad_input "bad PRIORITY" "field PRIORITY" "$TMP/badprio.shp" $D
# --field renames the new fields like the old ones
mk_layer ren "$(pt 107.51 26.50 '"ID":"A","DEMAND":5,"TAGE":"1;2"')"
"$CUNLU" solve "$TMP/ren.shp" $D --field days=TAGE --date 2025-06-05 --out-dir "$TMP/ren" >/dev/null 2>"$TMP/ren.err"
[ $? -eq 0 ] && grep -q "no village to visit on 2025-06-05: 0 without orders, 0 with nothing to deliver or collect, 1 not scheduled" "$TMP/ren.err" \
	&& ok || fail "--field days=TAGE: $(cat "$TMP/ren.err")"

# A day without orders is no error (the nightly run on a holiday): exit 0,
# a warning, outputs without routes that list every village as nothing today.
printf 'ID,DELIVER,PICKUP\n' >"$TMP/none.csv"
"$CUNLU" solve "$TMP/v.shp" $D --orders "$TMP/none.csv" --out-dir "$TMP/none" >/dev/null 2>"$TMP/none.err"
rc=$?
[ $rc -eq 0 ] && ok || fail "no orders at all: exit $rc: $(cat "$TMP/none.err")"
grep -q "no village to visit" "$TMP/none.err" && ok || fail "no orders at all: no warning"
python3 - "$TMP/none" <<'PY' && ok || fail "no orders at all: outputs"
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
assert s["trips"] == 0 and s["served"] == 0 and s["status_counts"]["nothing today"] == 4, s
assert json.load(open(d + "/routes.geojson"))["features"] == []
st = [f["properties"] for f in json.load(open(d + "/stops.geojson"))["features"]]
assert sorted(p["status"] for p in st if p["kind"] == "idle") == ["nothing today"] * 4
PY

# Villages that can wait (DUE >= 1): a cheap one next to a route is served,
# a far one with a small prize deferred; a village due today is served.
mk_layer far "$(pt 107.51 26.50 '"ID":"A","DEMAND":5'),$(pt 107.512 26.502 '"ID":"N","DEMAND":5'),$(pt 107.80 26.80 '"ID":"F","DEMAND":2')"
printf 'ID,DELIVER,DUE\nA,5,0\nN,5,1\nF,2,2\n' >"$TMP/wait.csv"
"$CUNLU" solve "$TMP/far.shp" $D --orders "$TMP/wait.csv" --out-dir "$TMP/wait" --iterations 500 >/dev/null 2>"$TMP/wait.err"
rc=$?
[ $rc -eq 0 ] && ok || fail "optional villages: exit $rc (deferring is no failure): $(cat "$TMP/wait.err")"
python3 - "$TMP/wait" <<'PY' && ok || fail "optional villages: cheap served, far deferred"
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
st = {f["properties"]["id"]: f["properties"]["status"]
      for f in json.load(open(sys.argv[1] + "/stops.geojson"))["features"] if f["properties"]["kind"] != "depot"}
assert st == {"A": "served", "N": "served", "F": "deferred"}, st
d = s["deferred"][0]
assert d["id"] == "F" and d["due_days"] == 2 and d["prize"] == 2.0, d
PY
# ... and with a large enough --defer-cost the far one is worth the trip
"$CUNLU" solve "$TMP/far.shp" $D --orders "$TMP/wait.csv" --out-dir "$TMP/wait2" --iterations 500 \
	--defer-cost 500 >/dev/null 2>&1
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["deferred_count"] == 0 and s["served"] == 3, s["status_counts"]' "$TMP/wait2/summary.json" \
	&& ok || fail "--defer-cost 500: the far village is not served"

finish
