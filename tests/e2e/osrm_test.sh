#!/bin/sh
# osrm_test.sh -- end-to-end tests of `cunlu solve --osrm` and
# `--matrix-cache` against tests/tools/fake_osrm.py, started here on a free
# loopback port (it writes the port to a file) and killed on exit. The
# fake's profile name picks its behaviour: null cells, OSRM errors (400
# TooBig, 400 InvalidQuery), a malformed body, a connection closed
# mid-reply, 503 then OK. Every failure must exit 3 with a message naming
# the server and leave an existing --out-dir exactly as it was. The cache:
# a second run makes no /table request, a bit-flipped or truncated file is
# rebuilt, and the outputs are the same with and without the cache; a
# rebuilt dataset behind the same URL (other distances, a data_version)
# is another cache file. The fake's data covers the sample county only
# (--bbox): a village at lon 120, lat 30 is 1258 km from its roads and is
# left out beyond --snap-max; a depot there cuts off every village.
# --osrm-timeout
# bounds a request; route shapes take one /route request per route.
. "$(dirname "$0")/lib.sh"

G=maps/gbk-sample
V05=107.589300,26.518700   # the village the "nullcell" profile cuts off
log=$TMP/requests.log
: >"$log"
python3 tests/tools/fake_osrm.py --port-file "$TMP/port" --log "$log" \
	--null-coord "$V05" --lifetime 90 --bbox 107.3,26.3,107.7,26.7 --slow-seconds 3 &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$TMP/port" 2>/dev/null)
[ -n "$port" ] || { fail "fake_osrm.py did not start"; finish; exit 1; }
URL=http://127.0.0.1:$port

# matrix requests (the probe, one-to-many with sources=0, is counted apart)
tables() { grep '^GET /table/' "$log" | grep -vc 'sources=0'; }
probes() { grep -c '^GET /table/.*sources=0' "$log"; }
solve() { # solve OUTDIR PROFILE [ARGS...]: runs cunlu, sets rc, stderr in $TMP/err
	o=$1; p=$2; shift 2
	"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --osrm "$URL" --osrm-profile "$p" \
		--out-dir "$o" --seed 1 --iterations 400 --run-id osrm -q "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
solved() { [ "$rc" -eq 0 ] || [ "$rc" -eq 5 ]; }
admin() { # admin QUERY: "rebuild" the fake's data (see fake_osrm.py)
	python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' "$URL/admin?$1"
}
snapshot() { (cd "$1" && ls -l --time-style=full-iso . && cat ./*) | cksum; }

# --- a normal run: one table request for 13 sites ---------------------------
t0=$(tables)
solve "$TMP/plain" driving
solved && ok || { fail "normal run exit $rc"; cat "$TMP/err"; }
[ "$(tables)" -eq $((t0 + 1)) ] && ok || fail "normal run: $(($(tables) - t0)) table requests, expected 1"
for f in routes.geojson stops.geojson summary.json dispatch.csv; do
	[ -s "$TMP/plain/$f" ] && ok || fail "normal run: $f missing"
done
grep -q "osrm $URL (driving)" "$TMP/plain/summary.json" && ok || fail "summary.json does not name the server"
# route shapes: one /route request per route, not one per leg
nroutes=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["features"]))' "$TMP/plain/routes.geojson")
nroute_req=$(grep -c '^GET /route/v1/driving/' "$log")
[ "$nroute_req" -eq "$nroutes" ] && [ "$nroutes" -gt 0 ] && ok ||
	fail "normal run: $nroute_req /route requests for $nroutes routes"
# snap distances from the server on every stop
python3 - "$TMP/plain/stops.geojson" <<'PY' && ok || fail "normal run: snap_m missing in stops.geojson"
import json, sys
s = [f["properties"]["snap_m"] for f in json.load(open(sys.argv[1]))["features"]]
assert all(isinstance(x, (int, float)) and 0 <= x < 10 for x in s), s
PY

# --- a village outside the server's data: left out with the distance ---------
far=$TMP/far
mkdir -p "$far"
for x in shp shx dbf prj; do cp "$G/villages.$x" "$far/villages.$x"; done
python3 - "$far/villages.shp" <<'PY'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
struct.pack_into("<dd", b, 100 + 2 * 28 + 12, 120.0, 30.0)   # V03 -> lon 120, lat 30
xs = [struct.unpack_from("<d", b, 100 + k * 28 + 12)[0] for k in range((len(b) - 100) // 28)]
ys = [struct.unpack_from("<d", b, 100 + k * 28 + 20)[0] for k in range((len(b) - 100) // 28)]
struct.pack_into("<4d", b, 36, min(xs), min(ys), max(xs), max(ys))
open(p, "wb").write(bytes(b))
PY
# (--allow-far: the geography check would stop the run before OSRM is asked)
"$CUNLU" solve "$far/villages.shp" --depot $G/depot.shp --osrm "$URL" --out-dir "$TMP/farout" \
	--seed 1 --iterations 400 --allow-far >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 5 ] && ok || { fail "far village: exit $rc, expected 5"; cat "$TMP/err"; }
grep -q 'village record 3 (FID 2, ID V03 .*): no road within --snap-max 1000 m: van, etricycle 1257553 m; no vehicle can serve it' "$TMP/err" && ok ||
	fail "far village: no warning: $(cat "$TMP/err")"
python3 - "$TMP/farout" <<'PY' && ok || fail "far village: V03 not left out with its distance"
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
u = {x["id"]: x["reason"] for x in s["unassigned"]}
assert u == {"V03": "no road within --snap-max 1000 m: van, etricycle 1257553 m"}, u
assert s["served"] == 11, s["served"]
st = [f for f in json.load(open(d + "/stops.geojson"))["features"] if f["properties"]["id"] == "V03"]
assert len(st) == 1 and st[0]["properties"]["kind"] == "unassigned", st
assert st[0]["properties"]["snap_m"] > 1.2e6, st
for f in json.load(open(d + "/routes.geojson"))["features"]:
    for x, y in f["geometry"]["coordinates"]:
        assert x < 108 and y < 27, (x, y)
PY
"$CUNLU" solve "$far/villages.shp" --depot $G/depot.shp --osrm "$URL" --out-dir "$TMP/farok" \
	--seed 1 --iterations 400 --snap-max 2000000 --allow-far -q 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok || fail "far village, --snap-max 2000 km: exit $rc, expected 0"
"$CUNLU" solve $G/villages.shp --depot 120,30 --osrm "$URL" --out-dir "$TMP/fardepot" \
	--iterations 100 --allow-far 2>"$TMP/err" >/dev/null
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 3 ] && ok || fail "far depot: exit $rc"
grep -q "depot .*: no road within --snap-max 1000 m: van, etricycle 1257553 m; no vehicle can leave the depot" "$TMP/err" && ok ||
	fail "far depot: message: $(cat "$TMP/err")"
if [ -f "$TMP/fardepot/summary.json" ]; then
	python3 - "$TMP/fardepot/summary.json" <<'PY' && ok || fail "far depot: reasons"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["served"] == 0 and len(s["unassigned"]) == 12, s
assert all(x["reason"] == "no road within --snap-max 1000 m: the depot is 1257553 m from the roads van, etricycle may use" for x in s["unassigned"]), s["unassigned"]
PY
fi

# --- --osrm-timeout: a server that does not answer ----------------------------
t0=$(date +%s.%N)
solve "$TMP/slowout" slow --osrm-timeout 0.3
t1=$(date +%s.%N)
[ $rc -eq 3 ] && ok || fail "slow server: exit $rc, expected 3"
grep -q "did not answer within --osrm-timeout 0.3 s" "$TMP/err" && ok || fail "slow server: message: $(cat "$TMP/err")"
grep -q "4 attempts" "$TMP/err" && ok || fail "slow server: not 4 attempts: $(cat "$TMP/err")"
[ ! -e "$TMP/slowout" ] && ok || fail "slow server: outputs written"
# 4 attempts of 0.3 s and back-offs of 0.2 + 0.4 + 0.8 s
python3 -c 'import sys; d = float(sys.argv[2]) - float(sys.argv[1]); sys.exit(0 if 2.5 < d < 6 else 1)' "$t0" "$t1" && ok ||
	fail "slow server: took $t0 .. $t1"
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --osrm "$URL" --osrm-timeout 0 -q 2>"$TMP/err"
[ $? -eq 2 ] && ok || fail "--osrm-timeout 0: expected exit 2"

# --- null cells: the village is unassigned, exit 5 ---------------------------
solve "$TMP/null" nullcell
[ $rc -eq 5 ] && ok || { fail "null cells: exit $rc, expected 5"; cat "$TMP/err"; }
python3 - "$TMP/null/summary.json" <<'PY' && ok || fail "null cells: V05 not unassigned for no road"
import json, sys
s = json.load(open(sys.argv[1]))
u = [x for x in s["unassigned"] if x["id"] == "V05"]
assert len(u) == 1 and u[0]["reason"] == "no road connection", s["unassigned"]
assert s["served"] == 11
PY

# --- failures: exit 3, a message naming the server, out dir untouched --------
keep=$TMP/keep
cp -r "$TMP/plain" "$keep"
before=$(snapshot "$keep")
expect_fail() { # expect_fail PROFILE TEXT: exit 3 and TEXT in the message
	solve "$keep" "$1"
	[ $rc -eq 3 ] && ok || fail "$1: exit $rc, expected 3"
	grep -q "$URL/table/v1/$1/" "$TMP/err" && ok || fail "$1: message does not name the URL: $(cat "$TMP/err")"
	grep -q "$2" "$TMP/err" && ok || fail "$1: message lacks '$2': $(cat "$TMP/err")"
	[ "$(snapshot "$keep")" = "$before" ] && ok || fail "$1: the out dir changed"
}
expect_fail toobig "HTTP 400: TooBig: Too many table coordinates"
grep -q "set --osrm-max-table to the server's --max-table-size" "$TMP/err" && ok || fail "TooBig: no --osrm-max-table hint"
expect_fail invalid "HTTP 400: InvalidQuery: Query string malformed"
expect_fail malformed "not JSON"
expect_fail badshape "durations"
n0=$(grep -c '^GET /table/v1/close/' "$log")
expect_fail close "4 attempts"
[ "$(grep -c '^GET /table/v1/close/' "$log")" -eq $((n0 + 4)) ] && ok || fail "close: not retried 3 times"
n0=$(grep -c '^GET /table/v1/invalid/' "$log")
solve "$keep" invalid
[ "$(grep -c '^GET /table/v1/invalid/' "$log")" -eq $((n0 + 1)) ] && ok || fail "a 400 was retried"

# no server listening on that port
free=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --osrm "http://127.0.0.1:$free" \
	--out-dir "$keep" -q 2>"$TMP/err"
rc=$?
[ $rc -eq 3 ] && ok || fail "refused: exit $rc, expected 3"
grep -q "http://127.0.0.1:$free" "$TMP/err" && ok || fail "refused: message does not name the server"
[ "$(snapshot "$keep")" = "$before" ] && ok || fail "refused: the out dir changed"
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --osrm "ftp://127.0.0.1:$port" \
	--out-dir "$keep" -q 2>"$TMP/err"
[ $? -eq 2 ] && ok || fail "ftp:// URL: expected exit 2"

# --- 503 twice, then OK: the retries succeed ---------------------------------
solve "$TMP/flaky" flaky2
solved && ok || { fail "503 then OK: exit $rc"; cat "$TMP/err"; }
[ "$(grep -c '^GET /table/v1/flaky2/' "$log")" -eq 4 ] && ok || fail "503 then OK: expected 4 requests (503, 503, probe, table)"

# --- the matrix cache ---------------------------------------------------------
cache=$TMP/cache
same_outputs() { # same_outputs DIR: DIR's outputs equal the run without cache
	cmp -s "$1/routes.geojson" "$TMP/plain/routes.geojson" &&
	cmp -s "$1/stops.geojson" "$TMP/plain/stops.geojson" &&
	cmp -s "$1/dispatch.csv" "$TMP/plain/dispatch.csv" &&
	python3 - "$1/summary.json" "$TMP/plain/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for s in (a, b):
    s.pop("elapsed_s", None)
assert a == b
PY
}
t0=$(tables)
solve "$TMP/c1" driving --matrix-cache "$cache"
solved && ok || { fail "cache, first run: exit $rc"; cat "$TMP/err"; }
[ "$(tables)" -eq $((t0 + 1)) ] && ok || fail "cache, first run: expected one table request"
set -- "$cache"/*.cmx
[ $# -eq 1 ] && [ -s "$1" ] && ok || fail "cache: no .cmx file written"
cmx=$1
same_outputs "$TMP/c1" && ok || fail "cache, first run: outputs differ from the run without cache"
solve "$TMP/c2" driving --matrix-cache "$cache"
solved && ok || fail "cache, second run: exit $rc"
[ "$(tables)" -eq $((t0 + 1)) ] && ok || fail "cache, second run: made a table request"
[ ! -s "$TMP/err" ] && ok || fail "cache, second run: printed $(cat "$TMP/err")"
same_outputs "$TMP/c2" && ok || fail "cache, second run: outputs differ"

# a flipped bit is caught and the file rebuilt
python3 - "$cmx" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x10
open(p, "wb").write(bytes(b))
PY
t0=$(tables)
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --osrm "$URL" --out-dir "$TMP/c3" \
	--seed 1 --iterations 400 --run-id osrm --matrix-cache "$cache" >/dev/null 2>"$TMP/err"
rc=$?
solved && ok || fail "bit flip: exit $rc"
grep -q "checksum mismatch; rebuilding" "$TMP/err" && ok || fail "bit flip: no warning: $(cat "$TMP/err")"
[ "$(tables)" -eq $((t0 + 1)) ] && ok || fail "bit flip: matrix not rebuilt from the server"
same_outputs "$TMP/c3" && ok || fail "bit flip: outputs differ"
solve "$TMP/c4" driving --matrix-cache "$cache"
[ "$(tables)" -eq $((t0 + 1)) ] && ok || fail "bit flip: the file was not rewritten"

# a truncated file is caught and the file rebuilt
python3 -c 'import sys; p = sys.argv[1]; b = open(p, "rb").read(); open(p, "wb").write(b[:len(b) - 100])' "$cmx"
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --osrm "$URL" --out-dir "$TMP/c5" \
	--seed 1 --iterations 400 --run-id osrm --matrix-cache "$cache" >/dev/null 2>"$TMP/err"
rc=$?
solved && ok || fail "truncated: exit $rc"
grep -q "truncated" "$TMP/err" && ok || fail "truncated: no warning: $(cat "$TMP/err")"
[ "$(tables)" -eq $((t0 + 2)) ] && ok || fail "truncated: matrix not rebuilt from the server"
same_outputs "$TMP/c5" && ok || fail "truncated: outputs differ"

# a rebuilt dataset behind the same URL: the probe sees other distances, so
# another cache file is made from fresh table requests; back to the old
# data, the old file serves again; a data_version is part of the identity
admin "detour=1.3"
t0=$(tables)
solve "$TMP/c8" driving --matrix-cache "$cache"
solved && ok || fail "rebuilt data: exit $rc"
[ "$(tables)" -eq $((t0 + 1)) ] && ok || fail "rebuilt data: the old matrix was reused"
set -- "$cache"/*.cmx
[ $# -eq 2 ] && ok || fail "rebuilt data: no new cache file ($# files)"
cmp -s "$TMP/c8/routes.geojson" "$TMP/plain/routes.geojson" && fail "rebuilt data: same routes as before" || ok
admin "detour=1.25"
solve "$TMP/c9" driving --matrix-cache "$cache"
[ "$(tables)" -eq $((t0 + 1)) ] && ok || fail "old data again: the cached matrix was not used"
same_outputs "$TMP/c9" && ok || fail "old data again: outputs differ"
admin "data_version=2026-12-01"
solve "$TMP/c10" driving --matrix-cache "$cache"
[ "$(tables)" -eq $((t0 + 2)) ] && ok || fail "data_version: the cached matrix was reused"
admin "no_data_version=1"

# another profile is another file; a cache dir that cannot be made only warns
solve "$TMP/c6" flaky0 --matrix-cache "$cache"
set -- "$cache"/*.cmx
[ $# -eq 4 ] && ok || fail "another profile did not make another cache file"
: >"$TMP/notadir"
"$CUNLU" solve $G/villages.shp --depot $G/depot.shp --osrm "$URL" --out-dir "$TMP/c7" \
	--seed 1 --iterations 400 --matrix-cache "$TMP/notadir" >/dev/null 2>"$TMP/err"
rc=$?
solved && ok || fail "unwritable cache: exit $rc"
grep -q "matrix cache" "$TMP/err" && ok || fail "unwritable cache: no warning"

# --- a drone beside the OSRM vans (issue 15): OSRM gives the van's matrix
# and shapes only; the drone's sorties are straight great-circle flights
python3 - "$G/villages.csv" "$TMP/dv.csv" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8-sig").read().splitlines()
out = [rows[0] + ",DRONE"] + [r + ",1" for r in rows[1:] if r]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
cat >"$TMP/dfleet.json" <<'JSON'
{ "vehicle_types": [
  { "name": "van", "count": 2, "capacity": 200, "speed_kmh": 40, "fixed_cost": 100, "cost_per_km": 1.2 },
  { "name": "uav", "mode": "drone", "count": 1, "capacity": 20, "speed_kmh": 60,
    "range_km": 60, "max_trips": 4, "fixed_cost": 10, "cost_per_km": 0.01 } ] }
JSON
: >"$log"
"$CUNLU" solve "$TMP/dv.csv" --depot $G/depot.shp --osrm "$URL" --fleet "$TMP/dfleet.json" \
	--out-dir "$TMP/dr" --seed 1 --iterations 400 -q >/dev/null 2>"$TMP/err"
rc=$?
solved && ok || { fail "drone with OSRM: exit $rc"; cat "$TMP/err"; }
check "drone with OSRM: one table request, one /route request per road route only" python3 - \
	"$TMP/dr/routes.geojson" "$log" <<'PY'
import json, math, sys
fs = json.load(open(sys.argv[1]))["features"]
log = open(sys.argv[2]).read().splitlines()
road = [f for f in fs if f["properties"]["mode"] == "road"]
drone = [f for f in fs if f["properties"]["mode"] == "drone"]
assert drone and road, [f["properties"]["mode"] for f in fs]
tables = [l for l in log if l.startswith("GET /table/") and "sources=0" not in l]
routes = [l for l in log if l.startswith("GET /route/")]
assert len(tables) == 1 and len(routes) == len(road), (len(tables), len(routes), len(road))
for f in drone:     # straight out and back, the great circle (R = 6371 km, to 0.5 %)
    c = f["geometry"]["coordinates"]
    assert len(c) == f["properties"]["stops"] + 2 and c[0] == c[-1], c
    d = 0
    for (x1, y1), (x2, y2) in zip(c, c[1:]):
        p1, p2 = math.radians(y1), math.radians(y2)
        a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(x2 - x1) / 2) ** 2
        d += 2 * 6371000 * math.asin(math.sqrt(a))
    assert abs(f["properties"]["dist_m"] - d) <= 0.005 * d + 2, (f["properties"]["dist_m"], d)
PY

finish
