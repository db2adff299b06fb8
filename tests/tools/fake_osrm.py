#!/usr/bin/env python3
"""fake_osrm.py -- a small OSRM-compatible HTTP server for the tests.

Listens on 127.0.0.1 on a port chosen by the OS and writes the port to
--port-file (written to a temporary name, then renamed, so a reader never
sees half a number). Answers

  /table/v1/PROFILE/LON,LAT;...?annotations=duration,distance
        [&sources=I;J..&destinations=I;J..]
  /route/v1/PROFILE/LON,LAT;LON,LAT[;...]?geometries=geojson
        [&overview=full|false][&steps=true][&continue_straight=false]
  /count[?profile=P]      requests seen so far (all, or for one profile)
  /admin?detour=F&data_version=S   "rebuild the dataset": change the detour
                          factor and the data_version (empty: none)

from a matrix computed from the coordinates alone: each coordinate is
"snapped" to 4 decimals, and to the nearest point of the --bbox area when
it lies outside (its snap distance, reported in the waypoints' "distance",
is then large, as OSRM reports for a stop outside its extract); distance =
great circle between the snapped points x the detour (1.25), duration =
distance at 36 km/h (10 m/s), both rounded to 0.1 as OSRM does. A leg's
geometry is a 3-point line whose length is that distance: it starts and
ends at the snapped points (so the client has to add the sites
themselves) and bends at an apex. With steps=true each leg has two steps
(the line, then an "arrive" step of one repeated point); with
overview=full the route has the whole line. Replies carry "data_version"
when one is set (--data-version or /admin).

The behaviour is chosen by --mode (for every request) or by the profile
name in the URL (so one server serves every case of a test):

  normal (any other profile)   as above
  nullcell                     null cells to and from --null-coord LON,LAT
  toobig                       400 TooBig when a table asks for more than
                               --max-table coordinates (5 unless given), or
                               sources x destinations above its square, or
                               a route more than --max-route (5) waypoints
  invalid                      always 400 InvalidQuery with OSRM's body
  slow                         sleeps --slow-seconds before answering
  malformed                    200 with a body that is not JSON
  badshape                     200, "Ok", but one row too few
  close                        headers with a Content-Length larger than
                               the body sent, then closes the connection
  flakyK (e.g. flaky2)         503 for the first K requests of that
                               profile, then normal
  probe503                     503 for every table request with sources=0
                               (the client's probe), normal otherwise

--nagle leaves Nagle's algorithm on and writes the headers and the body
in two sends, as osrm-routed does: on a reused connection each reply then
waits for the client's delayed ACK (about 40 ms).

--max-table applies in every mode when given. Every request line is
appended to --log when given. The server exits by itself after
--lifetime seconds (default 60), or when killed.
"""
import argparse
import json
import math
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

R_EARTH = 6371008.8
DETOUR = 1.25
SPEED_MS = 10.0

ARGS = None
LOCK = threading.Lock()
COUNTS = {}
STATE = {"detour": DETOUR, "data_version": ""}


def haversine(a, b):
    lon1, lat1 = map(math.radians, a)
    lon2, lat2 = map(math.radians, b)
    h = (math.sin((lat2 - lat1) / 2) ** 2 +
         math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * R_EARTH * math.asin(min(1.0, math.sqrt(h)))


def road(a, b):
    a, b = snap(a), snap(b)
    d = round(haversine(a, b) * STATE["detour"], 1)
    return d, round(d / SPEED_MS, 1)


def snap(p):
    lon, lat = p
    if ARGS.bbox:
        x0, y0, x1, y1 = (float(v) for v in ARGS.bbox.split(","))
        lon, lat = min(max(lon, x0), x1), min(max(lat, y0), y1)
    # floor(x * 1e4 + 0.5) / 1e4, the same IEEE operations as the C tests
    return (math.floor(lon * 1e4 + 0.5) / 1e4, math.floor(lat * 1e4 + 0.5) / 1e4)


def parse_coords(text):
    out = []
    for part in text.split(";"):
        lon, lat = part.split(",")
        out.append((float(lon), float(lat)))
    return out


def parse_index_list(q, key, n):
    if key not in q or q[key][0] == "all":
        return list(range(n))
    idx = [int(x) for x in q[key][0].split(";")]
    if any(i < 0 or i >= n for i in idx):
        raise ValueError(key)
    return idx


def mode_of(profile):
    if ARGS.mode != "normal":
        return ARGS.mode
    if re.fullmatch(r"flaky\d+", profile):
        return profile
    if profile in ("nullcell", "toobig", "invalid", "slow", "malformed",
                   "badshape", "close", "probe503"):
        return profile
    return "normal"


def is_null_coord(p):
    if not ARGS.null_coord:
        return False
    lon, lat = (float(x) for x in ARGS.null_coord.split(","))
    return abs(p[0] - lon) < 1e-6 and abs(p[1] - lat) < 1e-6


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body go out separately
                                     # (set per server in main(): --nagle)

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, obj=None, raw=None):
        body = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message):
        self.reply(status, {"code": code, "message": message})

    def do_GET(self):
        try:
            self.handle_get()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def handle_get(self):
        url = urlsplit(self.path)
        parts = url.path.split("/")
        q = parse_qs(url.query)
        if url.path == "/admin":
            with LOCK:
                if "detour" in q:
                    STATE["detour"] = float(q["detour"][0])
                if "data_version" in q:
                    STATE["data_version"] = q["data_version"][0]
                elif "no_data_version" in q:
                    STATE["data_version"] = ""
            self.reply(200, {"code": "Ok"})
            return
        if url.path == "/count":
            prof = q.get("profile", [None])[0]
            with LOCK:
                n = COUNTS.get(prof, 0) if prof else sum(COUNTS.values())
            self.reply(200, {"count": n})
            return
        # /service/v1/profile/coords
        if len(parts) != 5 or parts[2] != "v1" or parts[1] not in ("table", "route"):
            self.error(400, "InvalidUrl", "URL string malformed close to position 1: \"/\"")
            return
        service, profile, coords = parts[1], parts[3], parts[4]
        with LOCK:
            COUNTS[profile] = COUNTS.get(profile, 0) + 1
            seen = COUNTS[profile]
            if ARGS.log:
                with open(ARGS.log, "a") as f:
                    f.write("GET %s\n" % self.path)
        mode = mode_of(profile)
        m = re.fullmatch(r"flaky(\d+)", mode)
        if m and seen <= int(m.group(1)):
            self.error(503, "Unavailable", "try again later")
            return
        if mode == "probe503" and service == "table" and "sources" in q:
            self.error(503, "Unavailable", "try again later")
            return
        if mode == "invalid":
            self.error(400, "InvalidQuery", "Query string malformed close to position 42")
            return
        if mode == "slow":
            time.sleep(ARGS.slow_seconds)
        if mode == "malformed":
            self.reply(200, raw=b"{\"code\":\"Ok\",\"durations\":[[0,1")
            return
        if mode == "close":
            body = b"{\"code\":\"Ok\",\"durations\":[[0,"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return
        try:
            pts = parse_coords(coords)
        except ValueError:
            self.error(400, "InvalidQuery", "Query string malformed close to position 0")
            return
        if service == "table":
            self.table(pts, q, mode)
        else:
            self.route(pts, q, mode)

    def table(self, pts, q, mode):
        try:
            src = parse_index_list(q, "sources", len(pts))
            dst = parse_index_list(q, "destinations", len(pts))
        except ValueError as e:
            self.error(400, "InvalidOptions", "%s out of range" % e)
            return
        ann = q.get("annotations", ["duration"])[0].split(",")
        lim = ARGS.max_table
        if mode == "toobig" and lim <= 0:
            lim = 5
        if lim > 0 and (len(pts) > lim or len(src) * len(dst) > lim * lim):
            self.error(400, "TooBig", "Too many table coordinates")
            return
        durs, dists = [], []
        for i in src:
            drow, lrow = [], []
            for j in dst:
                if i == j:
                    d, t = 0.0, 0.0
                else:
                    d, t = road(pts[i], pts[j])
                if (mode == "nullcell" and i != j and
                        (is_null_coord(pts[i]) or is_null_coord(pts[j]))):
                    d = t = None
                drow.append(t)
                lrow.append(d)
            durs.append(drow)
            dists.append(lrow)
        if mode == "badshape":
            durs = durs[:-1]

        def wp(i):
            s = snap(pts[i])
            return {"hint": "", "distance": round(haversine(pts[i], s), 1),
                    "name": "", "location": [s[0], s[1]]}
        out = {"code": "Ok", "sources": [wp(i) for i in src],
               "destinations": [wp(j) for j in dst]}
        if STATE["data_version"]:
            out["data_version"] = STATE["data_version"]
        if "duration" in ann:
            out["durations"] = durs
        if "distance" in ann:
            out["distances"] = dists
        self.reply(200, out)

    def route(self, pts, q, mode):
        if len(pts) < 2:
            self.error(400, "InvalidQuery", "at least two coordinates")
            return
        max_route = 5 if mode == "toobig" and ARGS.max_route <= 0 else ARGS.max_route
        if max_route > 0 and len(pts) > max_route:
            self.error(400, "TooBig", "Number of entries %d is higher than current "
                       "maximum (%d)" % (len(pts), max_route))
            return
        steps = q.get("steps", ["false"])[0] == "true"
        overview = q.get("overview", ["simplified"])[0]
        geojson = q.get("geometries", ["polyline"])[0] == "geojson"
        legs, whole, total, total_t = [], [], 0.0, 0.0
        for k in range(len(pts) - 1):
            line = leg_line(pts[k], pts[k + 1])
            dist, dur = road(pts[k], pts[k + 1])
            total += dist
            total_t += dur
            whole.extend(line if not whole else line[1:])
            leg = {"distance": dist, "duration": dur, "weight": dur, "summary": "",
                   "steps": []}
            if steps:
                end = line[-1]
                leg["steps"] = [
                    {"distance": dist, "duration": dur, "name": "",
                     "geometry": geom_of(line, geojson),
                     "maneuver": {"type": "depart", "location": line[0]}},
                    {"distance": 0, "duration": 0, "name": "",
                     "geometry": geom_of([end, end], geojson),
                     "maneuver": {"type": "arrive", "location": end}}]
            legs.append(leg)
        route = {"distance": round(total, 1), "duration": round(total_t, 1),
                 "weight": round(total_t, 1), "weight_name": "routability", "legs": legs}
        if overview != "false":
            route["geometry"] = geom_of(whole, geojson)
        wps = [{"hint": "", "distance": round(haversine(p, snap(p)), 1), "name": "",
                "location": list(snap(p))} for p in pts]
        out = {"code": "Ok", "routes": [route], "waypoints": wps}
        if STATE["data_version"]:
            out["data_version"] = STATE["data_version"]
        self.reply(200, out)


def leg_line(p, r):
    """The snapped ends of a leg with an apex between them."""
    a, b = snap(p), snap(r)
    if a == b:
        return [list(a), list(b)]
    # An apex on the perpendicular bisector, at 0.375 x the straight
    # distance, makes the two halves 1.25 x as long as the straight line.
    mlat = math.radians((a[1] + b[1]) / 2)
    kx = math.cos(mlat)
    dx, dy = (b[0] - a[0]) * kx, b[1] - a[1]
    apex = ((a[0] + b[0]) / 2 - 0.375 * dy / kx, (a[1] + b[1]) / 2 + 0.375 * dx)
    return [list(a), [round(apex[0], 6), round(apex[1], 6)], list(b)]


def geom_of(line, geojson):
    if not geojson:
        return "polyline-not-supported-by-the-fake"
    return {"type": "LineString", "coordinates": line}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--mode", default="normal")
    ap.add_argument("--max-table", type=int, default=0)
    ap.add_argument("--null-coord", default="")
    ap.add_argument("--slow-seconds", type=float, default=5.0)
    ap.add_argument("--lifetime", type=float, default=60.0)
    ap.add_argument("--log", default="")
    ap.add_argument("--bbox", default="",
                    help="MINLON,MINLAT,MAXLON,MAXLAT: the area the data covers")
    ap.add_argument("--data-version", default="")
    ap.add_argument("--max-route", type=int, default=0,
                    help="refuse /route requests with more coordinates (TooBig)")
    ap.add_argument("--nagle", action="store_true",
                    help="Nagle on, headers and body in two sends (osrm-routed's stall)")
    ARGS = ap.parse_args()
    STATE["data_version"] = ARGS.data_version
    Handler.disable_nagle_algorithm = not ARGS.nagle
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, ARGS.port_file)
    timer = threading.Timer(ARGS.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
