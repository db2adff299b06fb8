#!/usr/bin/env bash
# Regenerate the Andorra sample map (villages, depot, roads) for Cunlu from
# an OpenStreetMap PBF extract.  Requires GDAL >= 3.6 (ogr2ogr/ogrinfo with
# the OSM and SQLite/SpatiaLite support, Debian package gdal-bin).
#
#   usage: maps/andorra/make.sh [path/to/andorra.osm.pbf]
#
# Default input: <repo top>/../shared/benchmarks/realworld/osm/andorra.osm.pbf
# Output is written next to this script and is byte-for-byte reproducible.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PBF="${1:-$HERE/../../../shared/benchmarks/realworld/osm/andorra.osm.pbf}"
[[ -r "$PBF" ]] || { echo "make.sh: cannot read $PBF" >&2; exit 1; }

# Our own small osmconf.ini: lines -> osm_id,highway,name,oneway,maxspeed;
# points -> osm_id,name,place.  No other_tags column.
export OSM_CONFIG_FILE="$HERE/osmconf.ini"
# Keep the whole OSM temp DB in RAM (the extract is tiny) -- no stray files.
export OSM_MAX_TMPFILE_SIZE=200

# Fixed DBF "last update" date (header bytes 1..3) so reruns are identical.
DBF_DATE=2013-05-28
SHP_LCO=(-lco ENCODING=UTF-8 -lco RESIZE=YES -lco "DBF_DATE_LAST_UPDATE=$DBF_DATE")

# Depot: county co-delivery centre in Andorra la Vella, a point lying on
# the secondary road OSM way 191582656, ~60 m from the place=town node
# 58957648 "Andorra la Vella" (make.sh checks the distance to roads.shp).
DEPOT_LON=1.521235
DEPOT_LAT=42.507466

cd "$HERE"
rm -f roads.* villages.* depot.* orders.csv

# ---------------------------------------------------------------- roads
ogr2ogr -f "ESRI Shapefile" roads.shp "$PBF" "${SHP_LCO[@]}" \
    -nln roads -nlt LINESTRING \
    -sql "SELECT osm_id, highway, name, oneway, maxspeed FROM lines
          WHERE highway IS NOT NULL AND highway <> ''"

# ------------------------------------------------------------- villages
# Places to serve: place=village|hamlet (52 nodes in the 2013 extract, so
# locality/isolated_dwelling are not needed).  All attribute values are a pure
# function of the OSM node id, see maps/README.md:
#   h = 48271^2 * id mod (2^31 - 1)   (two MINSTD steps seeded with the id)
PLACES="'village','hamlet'"
ogr2ogr -f "ESRI Shapefile" villages.shp "$PBF" "${SHP_LCO[@]}" \
    -nln villages -nlt POINT -mapFieldType Integer64=Integer \
    -dialect SQLite -sql "
SELECT 'osm' || nid                                        AS ID,
       CASE WHEN name IS NULL OR name = '' THEN 'osm' || nid
            ELSE name END                                  AS NAME,
       CAST(CASE place WHEN 'village' THEN 3 + h % 14
                       WHEN 'hamlet'  THEN 1 + h % 8
                       ELSE 1 + h % 5 END AS INTEGER)      AS DEMAND,
       CAST(CASE WHEN (h / 17) % 10 < 6 THEN 0
                 ELSE 1 + (h / 170) % 15 END AS INTEGER)   AS PICKUP,
       CAST(3 + (h / 2550) % 8 AS INTEGER)                 AS SERVICE,
       CASE WHEN (h / 20400) % 10 < 5 THEN '08:00'
            WHEN (h / 20400) % 10 < 8 THEN '08:30'
            WHEN (h / 20400) % 10 = 8 THEN '00:00'
            ELSE '14:00' END                               AS TW_START,
       CASE WHEN (h / 20400) % 10 < 5 THEN '18:00'
            WHEN (h / 20400) % 10 < 8 THEN '17:30'
            WHEN (h / 20400) % 10 = 8 THEN '23:59'
            ELSE '18:00' END                               AS TW_END,
       CASE WHEN place = 'hamlet' AND (h / 326400) % 4 = 0
            THEN 'etricycle' ELSE '' END                   AS VEHICLES,
       CASE WHEN (h / 3264000) % 17 = 0
            THEN 'cold' ELSE '' END                        AS SKILLS,
       CASE WHEN place = 'hamlet' AND (h / 32640) % 3 = 0
            THEN '1;3;5' ELSE '' END                       AS DAYS,
       geometry
FROM (SELECT nid, name, place, geometry,
             ((nid % 2147483647) * 48271 % 2147483647) * 48271 % 2147483647 AS h
      FROM (SELECT CAST(osm_id AS INTEGER) AS nid, name, place, geometry
            FROM points WHERE place IN ($PLACES)))
ORDER BY nid"

# --------------------------------------------------------------- orders
# Today's orders (--orders) from three express brands, a pure function of
# the same h (maps/README.md): each village's DEMAND split 中通/圆通/韵达,
# its PICKUP on the 中通 line; a cold-chain batch of 2 parcels (韵达,
# SKILLS cold) where h % 6 = 0; parcels due in 2 days (DUE 2) for a third
# of the hamlets, in 1 day for a seventh of the villages; 圆通's parcels
# arriving with the second wave (READY 11:00) where (h / 11) % 15 = 0; and
# no orders at all where (h / 19) % 10 = 0.
rm -f orders.csv
ogr2ogr -f CSV orders.csv villages.shp -lco STRING_QUOTING=IF_NEEDED \
    -dialect SQLite -sql "
WITH v AS (
  SELECT ID, DEMAND, PICKUP,
         ((nid % 2147483647) * 48271 % 2147483647) * 48271 % 2147483647 AS h,
         CASE WHEN DEMAND <= 8 THEN 'hamlet' ELSE 'village' END AS kind
  FROM (SELECT ID, DEMAND, PICKUP, CAST(substr(ID, 4) AS INTEGER) AS nid FROM villages)),
w AS (
  SELECT ID, DEMAND, PICKUP, h,
         DEMAND * 3 / 10 AS yto, DEMAND / 5 AS yd,
         CASE WHEN (h / 13) % 3 = 0 AND DEMAND <= 8 THEN '2'
              WHEN (h / 13) % 7 = 0 THEN '1' ELSE '' END AS due
  FROM v WHERE (h / 19) % 10 <> 0),
lines AS (
  SELECT ID, 1 AS k, DEMAND - yto - yd AS DELIVER, PICKUP, '中通' AS BRAND,
         '' AS SKILLS, due AS DUE, '' AS READY FROM w
  UNION ALL
  SELECT ID, 2, yto, 0, '圆通', '', due,
         CASE WHEN (h / 11) % 15 = 0 THEN '11:00' ELSE '' END FROM w WHERE yto > 0
  UNION ALL
  SELECT ID, 3, yd, 0, '韵达', '', due, '' FROM w WHERE yd > 0
  UNION ALL
  SELECT ID, 4, 2, 0, '韵达', 'cold', due, '' FROM w WHERE h % 6 = 0)
SELECT ID, CAST(DELIVER AS INTEGER) AS DELIVER, CAST(PICKUP AS INTEGER) AS PICKUP,
       BRAND, SKILLS, DUE, READY
FROM lines WHERE DELIVER > 0 OR PICKUP > 0 ORDER BY ID, k"

# ---------------------------------------------------------------- depot
ogr2ogr -f "ESRI Shapefile" depot.shp "$PBF" "${SHP_LCO[@]}" \
    -nln depot -nlt POINT -a_srs EPSG:4326 \
    -dialect SQLite -sql "
SELECT 'depot' AS ID, 'Andorra la Vella co-delivery centre' AS NAME,
       MakePoint($DEPOT_LON, $DEPOT_LAT, 4326) AS geometry
FROM points LIMIT 1"

# ---------------------------------------------------------------- report
for f in roads villages depot; do
    ogrinfo -ro -so -al "$f.shp" | sed -n '/^Layer name/p;/^Geometry/p;/^Feature Count/p'
done
ogrinfo -ro -q villages.shp -dialect SQLite \
    -sql "SELECT SUM(DEMAND) AS total_demand, SUM(PICKUP) AS total_pickup FROM villages" \
    | grep -E 'total_'
n=$(ogrinfo -ro -so villages.shp villages | sed -n 's/^Feature Count: //p')
(( n >= 25 )) || { echo "make.sh: only $n villages; add locality to PLACES" >&2; exit 1; }
# The depot must lie on (within 50 m of) a drivable road.
d=$(ogrinfo -ro -q roads.shp -dialect SQLite -sql "
SELECT CAST(MIN(ST_Distance(geometry, MakePoint($DEPOT_LON, $DEPOT_LAT, 4326), 1))
            AS INTEGER) AS depot_road_m
FROM roads WHERE highway IN ('motorway','trunk','primary','secondary','tertiary',
  'unclassified','residential','service','living_street','road')" \
    | sed -n 's/.*depot_road_m (Integer) = //p')
echo "depot to nearest drivable road: ${d} m"
(( d <= 50 )) || { echo "make.sh: depot is ${d} m from a road" >&2; exit 1; }
