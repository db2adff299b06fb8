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
import json, os, random, sys

sys.dont_write_bytecode = True   # no __pycache__ in tests/bench
from genlayers import Frame, point, write  # noqa: E402

out = sys.argv[1]
nvill = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = random.Random(seed)
os.makedirs(out, exist_ok=True)
W, H = 200.0, 170.0                            # km
ll = Frame(107.5, 26.75).ll


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
    feats.append(point(props, ll(x, y)))

write(out, "villages", feats, ["-mapFieldType", "Time=String"])
write(out, "depot", [point({"NAME": "county centre"}, ll(0, 0))],
      ["-mapFieldType", "Time=String"])
with open(os.path.join(out, "fleet.json"), "w") as f:
    json.dump({"vehicle_types": [{"name": "van", "count": 900, "capacity": 150,
                                  "speed_kmh": 50, "shift_start": "06:00", "shift_end": "20:00",
                                  "fixed_cost": 100, "cost_per_km": 1.2}]}, f, indent=2)
    f.write("\n")
print("%s: %d villages, depot, fleet.json" % (out, nvill))
