"""tests/bench/genlayers.py -- what the generated benchmark counties share
(county10k.py, roads_grid.py, mountain_county.py): positions in km around
a centre as WGS84 lon/lat, point features, and writing a layer of
GeoJSON features as a shapefile through ogr2ogr (gdal-bin)."""
import json, math, os, subprocess

KY = 111.195                                   # km per degree of latitude


class Frame:
    """Kilometres east (x) and north (y) of (lon0, lat0)."""

    def __init__(self, lon0, lat0):
        self.lon0, self.lat0 = lon0, lat0
        self.kx = KY * math.cos(math.radians(lat0))   # km per degree of longitude

    def ll(self, x, y):
        """(x, y) in km from the centre -> [lon, lat] rounded to 1e-7."""
        return [round(self.lon0 + x / self.kx, 7), round(self.lat0 + y / KY, 7)]


def point(props, coords):
    """A GeoJSON point feature."""
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": coords}}


def write(out, name, feats, opts=()):
    """OUT/NAME.shp (.shx, .dbf, .prj, and .cpg when opts ask for one)
    from the features, replacing any earlier layer of that name; opts are
    more ogr2ogr options ("-lco", "ENCODING=UTF-8")."""
    src = os.path.join(out, name + ".geojson")
    with open(src, "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f)
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        p = os.path.join(out, name + "." + ext)
        if os.path.exists(p):
            os.remove(p)
    subprocess.run(["ogr2ogr", "-q", "-f", "ESRI Shapefile"] + list(opts) +
                   [os.path.join(out, name + ".shp"), src], check=True)
    os.remove(src)
