#!/bin/sh
# tests/data/roads/make.sh -- regenerate the tiny hand-made road networks
# and site layers used by tests/test_roadnet.c, tests/test_paths.c and
# tests/roads_test.sh (needs ogr2ogr). The outputs are committed.
#
# square.shp: a 0.01-degree square (about 1.1 km a side) near 0 E 0 N:
#   P0 (0,0)  P1 (0.01,0)  P2 (0.01,0.01)  P3 (0,0.01)
#   south  P0 -> P1  residential, oneway=yes      (east only)
#   east   P1 -> P2  residential, maxspeed "30 mph"
#   north  P2 -> P3  residential, maxspeed "none" (class default)
#   west   P3 -> P0  residential, two parts (multi-part record) meeting at
#          (0,0.005)
#   walk   P0 -> P2  footway (a diagonal shortcut that must not be driven)
#   spur   P2 -> (0.01,0.02) service, oneway=-1 (driven north to south only)
#   island (0.05,0.05) -> (0.06,0.05) residential, touching nothing
# square_sites.shp (ID): A (0.002,-0.0001) and B (0.008,-0.0001) on the
#   south side, C beside the island, D beyond the spur's dead end at
#   (0.01,0.021), E exactly on P3, F 0.01 degree west of the west side.
#   A is also the depot (square_depot.shp).
set -e
cd "$(dirname "$0")"
rm -f square.* square_sites.* square_depot.*
cat >"${TMPDIR:-/tmp}/square.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"residential","oneway":"yes","maxspeed":null,"name":"south"},"geometry":{"type":"LineString","coordinates":[[0,0],[0.005,0],[0.01,0]]}},
{"type":"Feature","properties":{"highway":"residential","oneway":null,"maxspeed":"30 mph","name":"east"},"geometry":{"type":"LineString","coordinates":[[0.01,0],[0.01,0.01]]}},
{"type":"Feature","properties":{"highway":"residential","oneway":"no","maxspeed":"none","name":"north"},"geometry":{"type":"LineString","coordinates":[[0.01,0.01],[0,0.01]]}},
{"type":"Feature","properties":{"highway":"residential","oneway":null,"maxspeed":null,"name":"west"},"geometry":{"type":"MultiLineString","coordinates":[[[0,0.01],[0,0.005]],[[0,0.005],[0,0]]]}},
{"type":"Feature","properties":{"highway":"footway","oneway":null,"maxspeed":null,"name":"walk"},"geometry":{"type":"LineString","coordinates":[[0,0],[0.01,0.01]]}},
{"type":"Feature","properties":{"highway":"service","oneway":"-1","maxspeed":null,"name":"spur"},"geometry":{"type":"LineString","coordinates":[[0.01,0.01],[0.01,0.02]]}},
{"type":"Feature","properties":{"highway":"residential","oneway":null,"maxspeed":null,"name":"island"},"geometry":{"type":"LineString","coordinates":[[0.05,0.05],[0.06,0.05]]}}
]}
JSON
cat >"${TMPDIR:-/tmp}/square_sites.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ID":"B"},"geometry":{"type":"Point","coordinates":[0.008,-0.0001]}},
{"type":"Feature","properties":{"ID":"C"},"geometry":{"type":"Point","coordinates":[0.055,0.0501]}},
{"type":"Feature","properties":{"ID":"D"},"geometry":{"type":"Point","coordinates":[0.01,0.021]}},
{"type":"Feature","properties":{"ID":"E"},"geometry":{"type":"Point","coordinates":[0,0.01]}},
{"type":"Feature","properties":{"ID":"F"},"geometry":{"type":"Point","coordinates":[-0.01,0.005]}}
]}
JSON
cat >"${TMPDIR:-/tmp}/square_depot.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ID":"A"},"geometry":{"type":"Point","coordinates":[0.002,-0.0001]}}
]}
JSON
for f in square square_sites square_depot; do
	ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$f.shp" "${TMPDIR:-/tmp}/$f.geojson"
	rm -f "${TMPDIR:-/tmp}/$f.geojson"
done
