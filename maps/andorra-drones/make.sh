#!/usr/bin/env bash
# Regenerate the drone sample (issue 15) from the Andorra sample next door:
# the same 52 villages, depot and roads, plus a drone landing point (DRONE)
# on a few hamlets, parcel weights (WEIGHT_KG), two mountain huts in the
# Madriu valley that no road reaches, one hamlet behind a no-fly zone, the
# no-fly zone itself (nofly.shp) and one launch site (sites.shp).
# Requires GDAL (ogr2ogr with SQLite dialect, Debian package gdal-bin).
#
#   usage: maps/andorra-drones/make.sh
#
# Output is written next to this script and is byte-for-byte reproducible.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/../andorra"
DBF_DATE=2013-05-28
SHP_LCO=(-lco ENCODING=UTF-8 -lco RESIZE=YES -lco "DBF_DATE_LAST_UPDATE=$DBF_DATE")
cd "$HERE"
rm -f villages.* nofly.* sites.*

# Landing points on four hamlets that are far by road: Anyós (1 parcel,
# but 7 to collect: more than a sortie carries),
# el Cortalet and Super Pal (1 parcel each; 2.8 times farther by
# road than as the crow flies from the depot) and Llumeneres (11 parcels:
# too many for a sortie, so it keeps its van).  WEIGHT_KG: 0.8 kg a parcel.
DRONE_IDS="'osm64954389','osm264496511','osm258355185','osm64954554'"

# The added places (invented delivery points at real places, positions
# approximate): two huts of the Madriu-Perafita-Claror valley, which has
# no road (2.8 and 4.4 km from the nearest road of the 2013 extract:
# unreachable for vans and tricycles), and a hamlet above Encamp whose
# straight flight from the depot crosses the no-fly zone.
cat >extra.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.5930, 42.4920]}, "properties": {"ID": "hut-fontverd", "NAME": "Refugi de Fontverd", "DEMAND": 2, "PICKUP": 0, "SERVICE": 5, "TW_START": "08:00", "TW_END": "18:00", "DRONE": 1, "WEIGHT_KG": 2.4}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.6540, 42.4950]}, "properties": {"ID": "hut-illa", "NAME": "Refugi de l'Illa", "DEMAND": 1, "PICKUP": 1, "SERVICE": 5, "TW_START": "08:00", "TW_END": "18:00", "DRONE": 1, "WEIGHT_KG": 1.5}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.6000, 42.5300]}, "properties": {"ID": "cortals", "NAME": "Cortals d'Encamp", "DEMAND": 2, "PICKUP": 0, "SERVICE": 5, "TW_START": "08:00", "TW_END": "18:00", "DRONE": 1, "WEIGHT_KG": 1.6}}
]}
JSON

ogr2ogr -f "ESRI Shapefile" villages.shp "$SRC/villages.shp" "${SHP_LCO[@]}" \
    -nln villages -dialect SQLite -sql "
SELECT ID, NAME, DEMAND, PICKUP, SERVICE, TW_START, TW_END,
       CAST(CASE WHEN ID IN ($DRONE_IDS) THEN 1 ELSE 0 END AS INTEGER) AS DRONE,
       CAST(ROUND(DEMAND * 0.8, 1) AS REAL) AS WEIGHT_KG,
       geometry
FROM villages"
ogr2ogr -append -f "ESRI Shapefile" villages.shp extra.geojson -nln villages
rm -f extra.geojson

# The no-fly zone: the Engolasters reservoir and its surroundings (a box
# around the lake, approximate).
cat >nofly.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[1.5630, 42.5150], [1.5750, 42.5150], [1.5750, 42.5240], [1.5630, 42.5240], [1.5630, 42.5150]]]}, "properties": {"ID": "Z1", "NAME": "Estany d'Engolasters (reservoir)"}}
]}
JSON
ogr2ogr -f "ESRI Shapefile" nofly.shp nofly.geojson "${SHP_LCO[@]}" -nln nofly
rm -f nofly.geojson

# A launch site for the --drone-sites variant of the demo: the Encamp
# township station, from which the drone type "uav-encamp" flies.
cat >sites.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.5805, 42.5345]}, "properties": {"ID": "encamp", "NAME": "Encamp township station", "TYPES": "uav-encamp"}}
]}
JSON
ogr2ogr -f "ESRI Shapefile" sites.shp sites.geojson "${SHP_LCO[@]}" -nln sites
rm -f sites.geojson

for f in villages nofly sites; do
    ogrinfo -ro -so -al "$f.shp" | sed -n '/^Layer name/p;/^Geometry/p;/^Feature Count/p'
done
