#!/usr/bin/python3
"""check_layers.py -- load Cunlu's output layers in QGIS, headless.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_layers.py \
        [--names-from VILLAGES.shp:ENCODING] DIR [[--names-from ...] DIR ...]

For each output directory DIR, routes.geojson, stops.geojson, routes.shp
and stops.shp are loaded through QGIS's own data provider (what a GIS
clerk's QGIS does when a file is dragged in), and each layer is checked
against the GeoJSON text as parsed by Python's json module (independent
of QGIS and GDAL):

  - the layer is valid, its CRS is EPSG:4326, its geometry type is Point
    (stops) or LineString (routes; QGIS says MultiLineString of any polyline
    shapefile), and every geometry is one part, non-empty and valid by GEOS;
  - the feature count is the GeoJSON's;
  - the fields are the GeoJSON's properties (the shapefiles add run_id),
    each with the type its values call for: whole numbers Integer or
    Integer64, other numbers Real, text String; HH:MM times text in the
    shapefiles (a Time field there is what the issue says ArcGIS users
    lost), text or Time in the GeoJSON;
  - every attribute of every feature equals the GeoJSON's value (names in
    Chinese included: a wrong code page fails here), and the shapefile's
    run_id is the GeoJSON's.

--names-from LAYER:ENCODING before a DIR (the GBK sample) also loads that input layer
with the encoding a clerk would pick in QGIS and checks that every ID in
the stops has the same NAME there, and that the names are Chinese.

Prints one line per failed check, a line per layer, and "N passed, N
failed"; exit 1 if anything failed.
"""
import json
import os
import re
import sys

from qgis.core import (Qgis, QgsApplication, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QVariant

passed = 0
failed = 0


def expect(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)
    return cond


TIME = re.compile(r"^\d\d:\d\d$")
INT_TYPES = (QVariant.Int, QVariant.LongLong)
CJK = re.compile("[\u4e00-\u9fff]")


def kind_of(values):
    """int, real, time or text: what the GeoJSON's non-null values are."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    if all(isinstance(v, bool) for v in vals):
        return "text"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "int"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "real"
    if all(isinstance(v, str) and TIME.match(v) for v in vals):
        return "time"
    return "text"


def type_ok(kind, field, shp):
    t = field.type()
    if kind is None:
        return True          # a column of nulls: any type
    if kind == "int":
        return t in INT_TYPES or (t == QVariant.Double and shp)
    if kind == "real":
        return t == QVariant.Double
    if kind == "time":
        return t == QVariant.String or (t == QVariant.Time and not shp)
    return t == QVariant.String


def plain(v):
    """A QGIS attribute as the GeoJSON would have it."""
    if v is None or (isinstance(v, QVariant) and v.isNull()):
        return None
    if isinstance(v, QTime):
        return v.toString("HH:mm") if v.isValid() else None
    if isinstance(v, (QDate, QDateTime)):
        return v.toString(Qt.ISODate) if v.isValid() else None
    return v


def same(a, b):
    if a is None or b is None:
        # an empty text field of a shapefile reads as NULL or as ''
        return (a in (None, "")) and (b in (None, ""))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def check_layer(path, fc, geom, shp):
    name = path
    lyr = QgsVectorLayer(path, os.path.basename(path), "ogr")
    if not expect(lyr.isValid(), "%s: QGIS says the layer is not valid" % name):
        return None
    feats = fc["features"]
    expect(lyr.crs().authid() == "EPSG:4326", "%s: CRS %r, want EPSG:4326" % (name, lyr.crs().authid()))
    gt = QgsWkbTypes.flatType(lyr.wkbType())
    # QGIS calls every polyline shapefile MultiLineString (a .shp arc may
    # have parts); each feature is checked to have one part below
    ok_types = (geom, QgsWkbTypes.multiType(geom)) if shp else (geom,)
    expect(gt in ok_types, "%s: geometry type %s, want %s" % (
        name, QgsWkbTypes.displayString(gt), QgsWkbTypes.displayString(geom)))
    expect(lyr.featureCount() == len(feats), "%s: %d features, GeoJSON has %d" % (
        name, lyr.featureCount(), len(feats)))

    keys = list(feats[0]["properties"].keys()) if feats else []
    fields = lyr.fields()
    names = [f.name() for f in fields]
    want = keys + (["run_id"] if shp else [])
    expect(names == want, "%s: fields %s, want %s" % (name, names, want))
    kinds = {k: kind_of([f["properties"].get(k) for f in feats]) for k in keys}
    types = []
    for k in keys:
        i = fields.indexOf(k)
        if i < 0:
            continue
        f = fields.at(i)
        types.append("%s:%s" % (k, f.typeName()))
        expect(type_ok(kinds[k], f, shp), "%s: field %s is %s, its values are %s" % (
            name, k, f.typeName(), kinds[k]))

    bad_geom = 0
    bad_vals = []
    cjk = 0
    for n, qf in enumerate(lyr.getFeatures()):
        g = qf.geometry()
        if g.isNull() or g.isEmpty() or not g.isGeosValid() or g.constGet().partCount() != 1:
            bad_geom += 1
        if n >= len(feats):
            continue
        props = feats[n]["properties"]
        for k in keys:
            if fields.indexOf(k) < 0:
                continue
            got, exp = plain(qf[k]), props.get(k)
            if not same(got, exp) and len(bad_vals) < 5:
                bad_vals.append("feature %d %s: QGIS %r, GeoJSON %r" % (n, k, got, exp))
        if isinstance(props.get("name"), str) and CJK.search(props["name"]):
            cjk += 1
        if shp:
            expect(qf["run_id"] == fc.get("run_id"), "%s: feature %d run_id %r, GeoJSON %r" % (
                name, n, qf["run_id"], fc.get("run_id")))
    expect(bad_geom == 0, "%s: %d empty or invalid geometries" % (name, bad_geom))
    expect(not bad_vals, "%s: attributes differ: %s" % (name, "; ".join(bad_vals)))
    print("%s: valid, %s, %s, %d features, %s%s" % (
        name, lyr.crs().authid(), QgsWkbTypes.displayString(gt), lyr.featureCount(),
        lyr.dataProvider().encoding(), "; %d Chinese names" % cjk if "name" in keys else ""))
    print("  fields: " + ", ".join(types))
    return lyr


def check_dir(d, names_from):
    got_names = {}
    for base, geom in (("routes", QgsWkbTypes.LineString), ("stops", QgsWkbTypes.Point)):
        with open(os.path.join(d, base + ".geojson"), encoding="utf-8") as fp:
            fc = json.load(fp)
        for ext in ("geojson", "shp"):
            lyr = check_layer(os.path.join(d, base + "." + ext), fc, geom, ext == "shp")
            if lyr is not None and base == "stops":
                got_names[ext] = {f["id"]: f["name"] for f in lyr.getFeatures()}
    if names_from:
        path, enc = names_from.rsplit(":", 1)
        src = QgsVectorLayer(path, "source", "ogr")
        src.setProviderEncoding(enc)
        if expect(src.isValid(), "%s: not valid" % path):
            want = {f["ID"]: f["NAME"] for f in src.getFeatures()}
            expect(want and all(CJK.search(v or "") for v in want.values()),
                   "%s read as %s: names not Chinese: %s" % (path, enc, list(want.values())[:3]))
            for ext, names in got_names.items():
                ids = [i for i in names if i in want]
                expect(len(ids) == len(want), "%s/stops.%s: %d of the %d villages of %s" % (
                    d, ext, len(ids), len(want), path))
                wrong = [(i, names[i], want[i]) for i in ids if names[i] != want[i]]
                expect(not wrong, "%s/stops.%s: names differ from %s: %s" % (d, ext, path, wrong[:3]))
            print("%s read as %s: %d villages, names equal in stops.geojson and stops.shp" % (
                path, enc, len(want)))


def main():
    args = sys.argv[1:]
    names_from = None
    dirs = []
    i = 0
    while i < len(args):
        if args[i] == "--names-from":
            names_from = args[i + 1]
            i += 2
        else:
            dirs.append((args[i], names_from))
            names_from = None
            i += 1
    if not dirs:
        print(__doc__)
        return 2
    app = QgsApplication([], False)
    app.initQgis()
    print("QGIS %s (Qt platform %s)" % (Qgis.QGIS_VERSION, os.environ.get("QT_QPA_PLATFORM", "")))
    for d, names_from in dirs:
        check_dir(d, names_from)
    app.exitQgis()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
