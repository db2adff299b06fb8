#!/usr/bin/env python3
"""tests/bench/roads_grid.py -- a synthetic road network for benchmarking
the road router (docs/benchmarks.md, "Road-network matrices").

    python3 tests/bench/roads_grid.py OUTDIR [SIDE [STOPS [SEED]]]

writes OUTDIR/grid.shp: a SIDE x SIDE lattice of streets 0.001 degree
(about 110 m) apart near 107.5 E 26.5 N, one way per row and column
(2 * SIDE * (SIDE - 1) segments; SIDE 320 gives 204,160), every fifth
street one-way (alternating direction), maxspeed drawn from 30/40/50/60,
some primary, most residential; OUTDIR/stops.shp: STOPS random villages
(default 1000) off the streets; OUTDIR/depot.shp near the centre.
Needs ogr2ogr. Deterministic for a given seed."""
import os, random, sys

sys.dont_write_bytecode = True   # no __pycache__ in tests/bench
from genlayers import point, write  # noqa: E402

out = sys.argv[1]
side = int(sys.argv[2]) if len(sys.argv) > 2 else 320
nstops = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
os.makedirs(out, exist_ok=True)
lon0, lat0, step = 107.5, 26.5, 0.001

def street(i, horizontal):
    pts = [[round(lon0 + j * step, 7), round(lat0 + i * step, 7)] if horizontal else
           [round(lon0 + i * step, 7), round(lat0 + j * step, 7)] for j in range(side)]
    oneway = None
    if i % 5 == 0:
        oneway = "yes" if (i // 5) % 2 == 0 else "-1"
    return {"type": "Feature", "properties": {
        "highway": "primary" if i % 40 == 0 else "residential",
        "oneway": oneway, "maxspeed": str(rng.choice([30, 40, 50, 60])),
        "name": "%s %d" % ("row" if horizontal else "col", i)},
        "geometry": {"type": "LineString", "coordinates": pts}}

UTF8 = ["-lco", "ENCODING=UTF-8"]
write(out, "grid", [street(i, h) for h in (True, False) for i in range(side)], UTF8)
span = (side - 1) * step
pts = lambda: [round(lon0 + rng.uniform(0, span), 7), round(lat0 + rng.uniform(0, span), 7)]
write(out, "stops", [point({"ID": "s%d" % k, "DEMAND": 1}, pts()) for k in range(nstops)], UTF8)
write(out, "depot", [point({"ID": "depot"}, [lon0 + span / 2 + 0.0003, lat0 + span / 2 + 0.0004])],
      UTF8)
