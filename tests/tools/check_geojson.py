#!/usr/bin/env python3
"""check_geojson.py FILE... -- RFC 7946 basics for the files Cunlu writes.

For each file: strict UTF-8 without a byte order mark, strict JSON (no NaN
or Infinity), a FeatureCollection without "crs", Features with a
"properties" object and a "geometry" (null or a geometry whose positions
are 2 numbers within lon/lat ranges; a LineString has >= 2 positions), and
property keys of at most 10 ASCII characters that are the same in every
Feature (one schema per layer). Prints one line per problem; exit 1 if any.
"""
import json
import sys


def refuse_constant(name):
    raise ValueError("non-standard JSON constant " + name)


def check_position(pos, where, problems):
    if not isinstance(pos, list) or len(pos) != 2:
        problems.append(f"{where}: position is not [lon, lat]: {pos!r}")
        return
    for v in pos:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            problems.append(f"{where}: coordinate is not a number: {v!r}")
            return
    lon, lat = pos
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        problems.append(f"{where}: position out of range: {pos!r}")


def check_geometry(geom, where, problems):
    if geom is None:
        return
    if not isinstance(geom, dict):
        problems.append(f"{where}: geometry is not an object")
        return
    if "crs" in geom:
        problems.append(f"{where}: geometry has a crs member")
    kind = geom.get("type")
    coords = geom.get("coordinates")
    if kind == "Point":
        check_position(coords, where, problems)
    elif kind in ("LineString", "MultiPoint"):
        if not isinstance(coords, list):
            problems.append(f"{where}: {kind} coordinates are not an array")
            return
        if kind == "LineString" and len(coords) < 2:
            problems.append(f"{where}: LineString with {len(coords)} positions")
        for i, pos in enumerate(coords):
            check_position(pos, f"{where}, position {i}", problems)
    else:
        problems.append(f"{where}: unexpected geometry type {kind!r}")


def check_file(path):
    problems = []
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{path}: starts with a byte order mark")
    try:
        text = raw.decode("utf-8")
        doc = json.loads(text, parse_constant=refuse_constant)
    except ValueError as e:
        return [f"{path}: not strict UTF-8 JSON: {e}"]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return [f"{path}: not a FeatureCollection"]
    if "crs" in doc:
        problems.append(f"{path}: has a crs member (RFC 7946 dropped it)")
    features = doc.get("features")
    if not isinstance(features, list):
        return problems + [f"{path}: features is not an array"]
    schema = None
    for n, feat in enumerate(features):
        where = f"{path}: feature {n}"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(f"{where}: not a Feature")
            continue
        if "geometry" not in feat:
            problems.append(f"{where}: no geometry member")
        check_geometry(feat.get("geometry"), where, problems)
        props = feat.get("properties")
        if not isinstance(props, dict):
            problems.append(f"{where}: properties is not an object")
            continue
        for key in props:
            if len(key) > 10 or not key.isascii() or not key:
                problems.append(f"{where}: property key {key!r} is not 1-10 ASCII characters")
        keys = list(props)
        if schema is None:
            schema = keys
        elif keys != schema:
            problems.append(f"{where}: keys {keys} differ from the first feature's {schema}")
    return problems


def main(argv):
    if len(argv) < 2:
        print("usage: check_geojson.py FILE...", file=sys.stderr)
        return 2
    problems = []
    for path in argv[1:]:
        problems += check_file(path)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
