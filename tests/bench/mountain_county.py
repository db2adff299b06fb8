#!/usr/bin/env python3
"""tests/bench/mountain_county.py -- a generated mountain county for the
drone measurements (issue 15; docs/benchmarks.md, "Drones").

    python3 tests/bench/mountain_county.py OUTDIR [SEED [VALLEYS [HAMLETS]]]

writes into OUTDIR, all in WGS84 lon/lat near 107.5 E 26.5 N:

  roads.shp     a main valley road (secondary, 50 km/h) through the county
                centre; VALLEYS side valleys (default 6) branching off it
                on both sides, each a tertiary road 8-16 km long; from the
                side valleys, switchback tracks (highway=track) climbing
                to the remote hamlets: a zigzag 3-4 times as long as the
                straight line
  villages.shp  clustered valley villages (4-7 per side valley, 3-9 along
                the main road; DEMAND 3-15, 0.8 kg a parcel) and HAMLETS
                remote hamlets (default 12) on the ridges between side
                valleys (DEMAND 1-3), reached only by their track; every
                hamlet has DRONE = 1, and so has one valley village in
                five; two of the hamlets get no track at all (islands:
                more than --snap-max from any road)
  depot.shp     the county co-delivery centre on the main road
  nofly.shp     one no-fly zone (a reservoir) across one side valley's
                mouth, between the centre and two of the hamlets
  fleet.json    3 vans and 3 electric tricycles (as the Andorra sample)
                and one drone at the centre (60 km/h, 4 parcels, 5 kg,
                one stop a sortie, 45 km range, 10 min turnaround, 16
                sorties, fixed 40, 0.2 per km)
  fleet_road.json  the same without the drone

Needs ogr2ogr (gdal-bin). Deterministic for a given seed: the same SEED
writes the same layers.
"""
import json, math, os, random, sys

sys.dont_write_bytecode = True   # no __pycache__ in tests/bench
from genlayers import Frame, point, write  # noqa: E402

out = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
nvalleys = int(sys.argv[3]) if len(sys.argv) > 3 else 6
nhamlets = int(sys.argv[4]) if len(sys.argv) > 4 else 12
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)
ll = Frame(107.5, 26.5).ll


roads, villages = [], []


def road(pts, highway, name, maxspeed=None):
    roads.append({"type": "Feature", "properties": {
        "highway": highway, "oneway": None, "maxspeed": maxspeed, "name": name},
        "geometry": {"type": "LineString", "coordinates": [ll(x, y) for x, y in pts]}})


def village(x, y, vid, name, demand, drone):
    villages.append(point({
        "ID": vid, "NAME": name, "DEMAND": demand, "PICKUP": 0, "SERVICE": 5,
        "TW_START": "08:00", "TW_END": "18:00", "DRONE": drone,
        "WEIGHT_KG": round(demand * 0.8, 1)}, ll(x, y)))


def polyline(a, b, step=0.5):
    """Points from a to b every ~step km (so that roads share vertices)."""
    n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) / step))
    return [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(n + 1)]


# The main valley: west-east through the centre, 20 km each way (its road
# is written below, with a vertex at every side valley's mouth: ways meet
# only where they share a vertex).
nv = 0
for k in range(rng.randint(3, 9)):
    x = rng.uniform(-18, 18)
    nv += 1
    village(x, rng.uniform(-0.3, 0.3), "V%02d" % nv, "valley village %d" % nv,
            rng.randint(3, 15), int(rng.random() < 0.2))

# Side valleys, alternating north and south, spread along the main road.
valleys, mouths = [], []
for k in range(nvalleys):
    side = 1 if k % 2 == 0 else -1
    x0 = -16.0 + 32.0 * (k + 0.5) / nvalleys + rng.uniform(-1.5, 1.5)
    ang = math.radians(90 + rng.uniform(-35, 35)) * side
    length = rng.uniform(8, 16)
    end = (x0 + length * math.cos(ang), length * math.sin(ang))
    pts = polyline((x0, 0.0), end)
    road(pts, "tertiary", "side valley %d" % (k + 1), "40")
    valleys.append(pts)
    mouths.append(x0)
    for j in range(rng.randint(4, 7)):
        t = rng.uniform(0.15, 1.0)
        px = x0 + (end[0] - x0) * t + rng.uniform(-0.3, 0.3)
        py = end[1] * t + rng.uniform(-0.3, 0.3)
        nv += 1
        village(px, py, "V%02d" % nv, "valley village %d" % nv, rng.randint(3, 15),
                int(rng.random() < 0.2))

main = sorted(set([x for x, _ in polyline((-20.0, 0.0), (20.0, 0.0))] + mouths))
road([(x, 0.0) for x in main], "secondary", "main valley road", "50")

# Remote hamlets on the ridges between neighbouring side valleys on the
# same side of the main valley, each reached by a switchback track from
# the nearer valley; the last two get no track (islands: 3-4 km beyond the
# head of a side valley, past its road's end).
pairs = [(a, a + 2) for a in range(nvalleys - 2)]
for h in range(nhamlets):
    a, b = pairs[h % len(pairs)]
    t = rng.uniform(0.45, 0.95)
    pa = valleys[a][int(t * (len(valleys[a]) - 1))]
    pb = valleys[b][int(t * (len(valleys[b]) - 1))]
    f = rng.uniform(0.35, 0.65)
    hx, hy = pa[0] + (pb[0] - pa[0]) * f, pa[1] + (pb[1] - pa[1]) * f
    island = h >= nhamlets - 2
    if island:
        v = valleys[(h * 3) % len(valleys)]
        ex, ey = v[-1]
        ux, uy = ex - v[0][0], ey - v[0][1]
        ul = math.hypot(ux, uy)
        beyond = rng.uniform(3.0, 4.0)
        hx, hy = ex + ux / ul * beyond, ey + uy / ul * beyond
    else:
        foot = pa if f < 0.5 else pb
        # a zigzag climbing from the valley road: 3-4 times the straight line
        zig, legs = [foot], rng.randint(6, 9)
        dx, dy = hx - foot[0], hy - foot[1]
        dist = math.hypot(dx, dy)
        nxv, nyv = -dy / dist, dx / dist
        amp = dist * rng.uniform(0.9, 1.3) / legs * legs / 2
        for i in range(1, legs):
            s = i / legs
            w = amp * (1 if i % 2 else -1) / 2
            zig.append((foot[0] + dx * s + nxv * w, foot[1] + dy * s + nyv * w))
        zig.append((hx, hy))
        road(zig, "track", "track to hamlet %d" % (h + 1))
    village(hx, hy, "H%02d" % (h + 1), ("island hamlet %d" if island else "hamlet %d") % (h + 1),
            rng.randint(1, 3), 1)

# The depot on the main road, the no-fly zone across the mouth of side
# valley 2 (a reservoir: 1.5 km wide, 2.5 km up the valley).
depot = point({"ID": "depot", "NAME": "county co-delivery centre"}, ll(0.0, 0.0))
vx, vy = valleys[1][5] if len(valleys) > 1 else (0.0, -2.5)
zone = [ll(vx - 0.75, vy - 1.25), ll(vx + 0.75, vy - 1.25), ll(vx + 0.75, vy + 1.25),
        ll(vx - 0.75, vy + 1.25), ll(vx - 0.75, vy - 1.25)]
nofly = {"type": "Feature", "properties": {"ID": "Z1", "NAME": "reservoir"},
         "geometry": {"type": "Polygon", "coordinates": [zone]}}
UTF8 = ["-lco", "ENCODING=UTF-8"]
write(out, "roads", roads, UTF8)
write(out, "villages", villages, UTF8 + ["-mapFieldType", "Time=String"])
write(out, "depot", [depot], UTF8)
write(out, "nofly", [nofly], UTF8)
van = {"name": "van", "count": 3, "capacity": 150, "speed_kmh": 40, "shift_start": "07:30",
       "shift_end": "18:30", "max_route_min": 600, "fixed_cost": 100, "cost_per_km": 1.2}
trike = {"name": "etricycle", "count": 3, "capacity": 40, "speed_kmh": 18,
         "shift_start": "07:30", "shift_end": "18:30", "max_route_min": 480,
         "max_route_km": 50, "fixed_cost": 30, "cost_per_km": 0.3,
         "avoid_roads": ["motorway", "trunk"]}
uav = {"name": "uav", "mode": "drone", "count": 1, "capacity": 4, "payload_kg": 5,
       "max_stops": 1, "speed_kmh": 60, "range_km": 45, "turnaround_min": 10,
       "max_trips": 16, "shift_start": "08:00", "shift_end": "17:00",
       "fixed_cost": 40, "cost_per_km": 0.2}
with open(os.path.join(out, "fleet.json"), "w") as fh:
    json.dump({"vehicle_types": [van, trike, uav]}, fh, indent=1)
with open(os.path.join(out, "fleet_road.json"), "w") as fh:
    json.dump({"vehicle_types": [van, trike]}, fh, indent=1)
print("%s: %d villages (%d hamlets, 2 without a road), %d roads" %
      (out, len(villages), nhamlets, len(roads)))
