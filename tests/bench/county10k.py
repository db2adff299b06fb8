#!/usr/bin/env python3
"""tests/bench/county10k.py -- a large generated county for the scale
measurements (issue 13 item 5; docs/benchmarks.md, "Scale: 10,000
villages").

    python3 tests/bench/county10k.py OUTDIR [VILLAGES [SEED]]

writes into OUTDIR, in WGS84 lon/lat around 107.5 E 26.75 N:

  villages.shp  VILLAGES villages (default 10,000) over a 200 x 170 km
                area: two thirds in 120 market-town clusters (a normal
                spread of 1.5-6 km around each town), one third scattered;
                DEMAND 1-12 parcels, PICKUP 1-4 on one village in four;
                opening hours: one village in five a tight window (2 h
                between 08:00 and 17:00), one in four a loose one
                (08:00-12:00 or 13:00-18:00), the rest none; SERVICE 3-8
                minutes
  depot.shp     the county co-delivery centre at the middle
  fleet.json    900 vans of 150 parcels, 50 km/h, 06:00-20:00, fixed cost
                100, 1.2 a km

Needs ogr2ogr (gdal-bin). Deterministic for a given seed: the same
arguments write the same layers.
"""
import json, math, os, random, subprocess, sys

out = sys.argv[1]
nvill = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)
LON0, LAT0 = 107.5, 26.75
W, H = 200.0, 170.0                            # km
KX = 111.195 * math.cos(math.radians(LAT0))   # km per degree of longitude
KY = 111.195                                   # km per degree of latitude


def ll(x, y):
    """(x, y) in km from the centre -> [lon, lat] rounded to 1e-7."""
    return [round(LON0 + x / KX, 7), round(LAT0 + y / KY, 7)]


def hm(minutes):
    return "%02d:%02d" % (minutes // 60, minutes % 60)


towns = [(rng.uniform(-W / 2, W / 2), rng.uniform(-H / 2, H / 2), rng.uniform(1.5, 6.0))
         for _ in range(120)]
feats = []
for i in range(nvill):
    if rng.random() < 2 / 3:
        tx, ty, sd = rng.choice(towns)
        x, y = rng.gauss(tx, sd), rng.gauss(ty, sd)
        x, y = max(-W / 2, min(W / 2, x)), max(-H / 2, min(H / 2, y))
    else:
        x, y = rng.uniform(-W / 2, W / 2), rng.uniform(-H / 2, H / 2)
    props = {"ID": "V%05d" % (i + 1), "NAME": "village %d" % (i + 1),
             "DEMAND": rng.randint(1, 12),
             "PICKUP": rng.randint(1, 4) if rng.random() < 0.25 else 0,
             "SERVICE": rng.randint(3, 8), "TW_START": None, "TW_END": None}
    r = rng.random()
    if r < 0.2:
        s = rng.randrange(8 * 60, 15 * 60 + 1, 15)
        props["TW_START"], props["TW_END"] = hm(s), hm(s + 120)
    elif r < 0.45:
        props["TW_START"], props["TW_END"] = rng.choice([("08:00", "12:00"), ("13:00", "18:00")])
    feats.append({"type": "Feature", "properties": props,
                  "geometry": {"type": "Point", "coordinates": ll(x, y)}})


def write(name, fs):
    src = os.path.join(out, name + ".geojson")
    with open(src, "w") as f:
        json.dump({"type": "FeatureCollection", "features": fs}, f)
    dst = os.path.join(out, name + ".shp")
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        p = os.path.join(out, name + "." + ext)
        if os.path.exists(p):
            os.remove(p)
    subprocess.run(["ogr2ogr", "-q", "-f", "ESRI Shapefile", "-mapFieldType", "Time=String",
                    dst, src], check=True)
    os.remove(src)


write("villages", feats)
write("depot", [{"type": "Feature", "properties": {"NAME": "county centre"},
                 "geometry": {"type": "Point", "coordinates": ll(0, 0)}}])
with open(os.path.join(out, "fleet.json"), "w") as f:
    json.dump({"vehicle_types": [{"name": "van", "count": 900, "capacity": 150,
                                  "speed_kmh": 50, "shift_start": "06:00", "shift_end": "20:00",
                                  "fixed_cost": 100, "cost_per_km": 1.2}]}, f, indent=2)
    f.write("\n")
print("%s: %d villages, depot, fleet.json" % (out, nvill))
