#!/usr/bin/env bash
# Build the small GBK-encoded Chinese sample (invented data, not OSM) from the
# UTF-8 CSV sources next to this script.  Requires GDAL (ogr2ogr, gdal-bin).
#
#   usage: maps/gbk-sample/make.sh
#
# Produces villages.{shp,shx,dbf,prj} and depot.{shp,shx,dbf,prj} whose text
# is stored in GBK (CP936) while NOTHING declares that: there is no .cpg file
# and the DBF language-driver byte (offset 29) is 0.  A reader has to notice
# the bytes are not valid UTF-8 and fall back to GB18030/GBK.
# Output is byte-for-byte reproducible.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

# Fixed DBF "last update" date (header bytes 1..3) so reruns are identical.
DBF_DATE=2024-01-01

for layer in villages depot; do
    rm -f "$layer".shp "$layer".shx "$layer".dbf "$layer".prj "$layer".cpg
    # Column types come from $layer.csvt; lon/lat become the geometry.
    ogr2ogr -f "ESRI Shapefile" "$layer.shp" "$layer.csv" \
        -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
        -oo KEEP_GEOM_COLUMNS=NO \
        -a_srs EPSG:4326 -nln "$layer" -nlt POINT \
        -lco ENCODING=CP936 -lco RESIZE=YES -lco "DBF_DATE_LAST_UPDATE=$DBF_DATE"
    # Hide the code page: drop the .cpg and zero the language-driver id.
    rm -f "$layer.cpg"
    printf '\000' | dd of="$layer.dbf" bs=1 seek=29 count=1 conv=notrunc status=none
done

# Report: counts, total demand, and the evidence that names are GBK.
for layer in villages depot; do
    ogrinfo -ro -so -al "$layer.shp" | sed -n '/^Layer name/p;/^Feature Count/p'
    printf 'LDID byte 29 of %s.dbf: 0x%s\n' "$layer" "$(xxd -s 29 -l 1 -p "$layer.dbf")"
done
ogrinfo -ro -q villages.shp -dialect SQLite \
    -sql "SELECT SUM(DEMAND) AS total_demand, SUM(PICKUP) AS total_pickup FROM villages" \
    | grep -E 'total_'
