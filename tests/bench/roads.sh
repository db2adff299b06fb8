#!/bin/sh
# tests/bench/roads.sh -- time the road-network matrices (docs/benchmarks.md,
# "Road-network matrices").
#
#   sh tests/bench/roads.sh [--build DIR] [--runs N] [--threads N]
#                           [--fleet FLEET.json] [--side N --stops N]
#                           [--roads R.shp --villages V.shp --depot D.shp]
#
# Builds tests/bench/roads_matrix.c against DIR/libcunlu.a (default build;
# run `make check-build` first), makes the synthetic lattice of
# tests/bench/roads_grid.py (default 320 x 320 streets, 204,160 segments,
# 1000 villages, seed 1) under ${TMPDIR:-/tmp} unless --roads is given,
# and times the matrix N times (default 3): each run prints the matrix's
# wall and CPU seconds and /usr/bin/time's figures for the whole process;
# the last line gives the medians. The default fleet has two profiles
# (van 35 km/h, tricycle 20 km/h): two searches per village.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
build=build; runs=3; threads=1; fleet=-; side=320; stops=1000
roads=""; villages=""; depot=""
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--threads) threads=$2; shift 2 ;;
	--fleet) fleet=$2; shift 2 ;;
	--side) side=$2; shift 2 ;;
	--stops) stops=$2; shift 2 ;;
	--roads) roads=$2; shift 2 ;;
	--villages) villages=$2; shift 2 ;;
	--depot) depot=$2; shift 2 ;;
	*) sed -n '5,7p' "$0" >&2; exit 2 ;;
	esac
done
[ -f "$build/libcunlu.a" ] || { echo "roads.sh: no $build/libcunlu.a (make check-build)" >&2; exit 2; }
tmp=${TMPDIR:-/tmp}
bin=$tmp/cunlu_roads_matrix.$$
trap 'rm -f "$bin"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -o "$bin" tests/bench/roads_matrix.c \
	"$build/libcunlu.a" $(pkg-config --libs libcjson shapelib libcurl proj 2>/dev/null ||
	echo -lcjson -lshp -lcurl -lproj) -lglpk -lm -lpthread || exit 1
if [ -z "$roads" ]; then
	grid=$tmp/cunlu_roads_grid_${side}_$stops
	[ -f "$grid/stops.shp" ] || python3 tests/bench/roads_grid.py "$grid" "$side" "$stops" 1 \
		>/dev/null || exit 1
	roads=$grid/grid.shp; villages=$grid/stops.shp; depot=$grid/depot.shp
fi
log=$tmp/cunlu_roads_time.$$
i=0
while [ "$i" -lt "$runs" ]; do
	/usr/bin/time -f 'process: %e s wall, %U s user, %S s sys, %M KB' -o "$log" \
		"$bin" "$roads" "$villages" "$depot" "$fleet" "$threads" || exit 1
	cat "$log"
	i=$((i + 1))
done | tee "$log.all"
# medians of the matrix's wall and CPU seconds
med() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
wall=$(sed -n 's/.*matrix \([0-9.]*\) s.*/\1/p' "$log.all" | med)
cpu=$(sed -n 's/.*matrix [0-9.]* s (cpu \([0-9.]*\)).*/\1/p' "$log.all" | med)
echo "median of $runs: matrix $wall s wall, $cpu s cpu"
rm -f "$log" "$log.all"
