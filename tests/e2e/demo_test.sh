#!/bin/sh
# demo_test.sh -- the sample county as `make demo` runs it (issue 11, item
# 8): today's orders from three brands (some cold-chain, some not due
# today), reloading tricycles, one refrigerated van, villages only a
# tricycle may reach, hamlets served Mon/Wed/Fri, on a Tuesday. Checks that
# the plan uses all of it and the outputs say so.
. "$(dirname "$0")/lib.sh"

A=maps/andorra
out=$TMP/demo
"$CUNLU" solve $A/villages.shp --depot $A/depot.shp --fleet $A/fleet.json --roads $A/roads.shp \
	--orders $A/orders.csv --date 2025-06-03 --out-dir "$out" --seed 1 --iterations 4000 \
	--time-limit 60 >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
[ $rc -eq 0 ] && ok || { fail "demo: exit $rc (every village due today should be served)"; cat "$TMP/stderr" "$TMP/stdout"; }
grep -q "optional villages deferred (nothing due today)" "$TMP/stdout" && ok || fail "demo: no deferred villages reported: $(cat "$TMP/stdout")"
grep -q "villages not planned on 2025-06-03: 5 nothing today, 3 not scheduled" "$TMP/stdout" && ok \
	|| fail "demo: villages not planned: $(cat "$TMP/stdout")"
check "demo: RFC 7946 layers" python3 tests/tools/check_geojson.py "$out/routes.geojson" "$out/stops.geojson"

python3 - "$out" "$A/orders.csv" <<'PY' && ok || fail "demo: the plan does not use the sample's rules"
import csv, json, subprocess, sys
d, orders = sys.argv[1], sys.argv[2]
summ = json.load(open(d + "/summary.json"))
stops = [f["properties"] for f in json.load(open(d + "/stops.geojson"))["features"]]
routes = [f["properties"] for f in json.load(open(d + "/routes.geojson"))["features"]]
visit = {s["id"]: s for s in stops if s["kind"] == "visit"}
status = {s["id"]: s["status"] for s in stops if s["kind"] != "depot"}
assert len(status) == 52, len(status)
# reloading: some vehicle makes more than one trip, trips numbered 1, 2, ...
assert summ["trips"] > summ["vehicles_used"], (summ["trips"], summ["vehicles_used"])
for v in summ["vehicles"]:
    assert [t["trip"] for t in v["trip_list"]] == list(range(1, v["trips"] + 1))
    for a, b in zip(v["trip_list"], v["trip_list"][1:]):
        assert b["start"] >= a["end"], v   # "HH:MM" sorts as text
# cold parcels (orders) and cold villages (layer) ride the refrigerated van
lines = list(csv.DictReader(open(orders, encoding="utf-8")))
cold = {l["ID"] for l in lines if "cold" in l["SKILLS"]}
layer = subprocess.run(["ogrinfo", "-ro", "-q", "maps/andorra/villages.shp", "-sql",
                        "SELECT ID, VEHICLES, SKILLS, DAYS FROM villages"],
                       capture_output=True, text=True).stdout
rows, cur = [], {}
for ln in layer.splitlines():
    ln = ln.strip()
    for k in ("ID", "VEHICLES", "SKILLS", "DAYS"):
        if ln.startswith(k + " ("):
            cur[k] = ln.split(" = ", 1)[1] if " = " in ln else ""
            if k == "DAYS":
                rows.append(cur); cur = {}
cold |= {r["ID"] for r in rows if r["SKILLS"] == "cold"}
tricycle_only = {r["ID"] for r in rows if r["VEHICLES"] == "etricycle"}
assert cold and tricycle_only
for i in cold:
    assert status[i] in ("served", "deferred", "nothing today", "not scheduled"), (i, status[i])
    if i in visit:
        assert visit[i]["vehicle"].startswith("coldvan-"), (i, visit[i]["vehicle"])
served_tri = [i for i in tricycle_only if i in visit]
assert served_tri
for i in served_tri:
    assert visit[i]["vehicle"].startswith("etricycle-"), (i, visit[i]["vehicle"])
# deferred villages have nothing due today, and say so
due = {}
for l in lines:
    due[l["ID"]] = min(due.get(l["ID"], 99), int(l["DUE"] or 0))
assert summ["deferred"], "nothing deferred"
for x in summ["deferred"]:
    assert due[x["id"]] >= 1 and x["due_days"] == due[x["id"]], x
    assert status[x["id"]] == "deferred" and x["reason"].startswith("nothing due today")
for i, dd in due.items():
    if dd == 0 and status.get(i) not in ("served", "not scheduled"):
        raise AssertionError(("due today but", i, status.get(i)))
# villages without orders: nothing today; Mon/Wed/Fri hamlets: not scheduled
for i in {r["ID"] for r in rows} - set(due):
    assert status[i] == "nothing today", (i, status[i])
for r in rows:
    if r["DAYS"] == "1;3;5" and due.get(r["ID"], 99) > 0:
        assert status[r["ID"]] in ("not scheduled", "nothing today"), r
sc = summ["status_counts"]
assert sc["served"] + sc["deferred"] + sc["unassigned"] + sc["nothing today"] + sc["not scheduled"] == 52, sc
# wages are in the cost: a vehicle's day costs more than fixed + per km
fleet = {t["name"]: t for t in json.load(open("maps/andorra/fleet.json"))["vehicle_types"]}
for v in summ["vehicles"]:
    t = fleet[v["type"]]
    km = t["fixed_cost"] + t["cost_per_km"] * v["dist_m"] / 1000
    assert abs(v["cost"] - (km + t["cost_per_hour"] * v["dur_s"] / 3600)) < 0.02, v
# dispatch: reload lines, parcels by brand
# (the first line is the run id, "# run_id ...": skip comment lines)
rows = list(csv.reader(l for l in open(d + "/dispatch.csv", encoding="utf-8-sig") if not l.startswith("#")))
hdr = rows[0]
kinds = [r[hdr.index("kind")] for r in rows[1:]]
assert kinds.count("reload") == summ["trips"] - summ["vehicles_used"]
b = hdr.index("brands")
stop_rows = [r for r in rows[1:] if r[hdr.index("kind")] == "stop"]
assert all(r[b] for r in stop_rows) and any("\u4e2d\u901a" in r[b] for r in stop_rows)
PY

finish
