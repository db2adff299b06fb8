#!/usr/bin/env python3
"""map_on_roads.py DIR -- the routes of DIR/routes.geojson lie on the road
network DIR/map.html draws: at least 80 % of the route vertices within 5 m
of a drawn road piece (the rest are the short legs from a village to its
road). Fails when the map draws the roads in another datum than the routes
(--out-coords gcj02: 300-700 m apart). Exit 0 or 1; prints the count."""
import json, math, re, sys
d = sys.argv[1]
s = open(d + "/map.html", encoding="utf-8").read()
D = json.loads(re.search(r'id="cunlu-data">(.*?)</script>', s, re.S).group(1))
q = D["q"]
def dec(a):
    out, x, y = [], 0, 0
    for i in range(0, len(a), 2):
        x, y = (a[i], a[i + 1]) if i == 0 else (x + a[i], y + a[i + 1])
        out.append((x / q, y / q))
    return out
segs = []
for r in D["roads"]:
    p = dec(r)
    segs += list(zip(p, p[1:]))
def dist_m(pt, a, b):
    k = math.cos(math.radians(pt[1])) * 111320
    ax, ay, bx, by, px, py = a[0]*k, a[1]*111320, b[0]*k, b[1]*111320, pt[0]*k, pt[1]*111320
    dx, dy = bx - ax, by - ay
    t = 0 if dx == dy == 0 else max(0, min(1, ((px-ax)*dx + (py-ay)*dy) / (dx*dx + dy*dy)))
    return math.hypot(ax + t*dx - px, ay + t*dy - py)
pts = [p for f in json.load(open(d + "/routes.geojson"))["features"] for p in f["geometry"]["coordinates"]]
on = sum(min(dist_m(p, a, b) for a, b in segs) < 5 for p in pts)
print("%s: %d of %d route vertices within 5 m of the drawn roads" % (d, on, len(pts)))
sys.exit(0 if on >= 0.8 * len(pts) else 1)
