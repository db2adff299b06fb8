#!/bin/sh
# tests/e2e/oom_test.sh -- out of memory is exit 1, everywhere, and nothing
# crashes (issue 12 item 6).
#
# tests/tools/oom_sweep.py fails the N-th allocation of a cunlu run through
# the LD_PRELOAD shim BUILD/tools/failalloc.so (tests/tools/preload/), which
# also fails the allocations of shapelib, cJSON, GLPK, libcurl, PROJ, iconv
# and stdio, for many N and several runs: make demo's (roads, orders,
# reloads), --ilp, the drone sample (no-fly zones, drone sites), a GBK CSV
# table with GCJ-02, a projected GBK layer (PROJ), OSRM through the
# loopback stand-in with the matrix cache, a benchmark file with --ilp. Each
# run must exit 1 saying "out of memory" with the previous outputs
# untouched, or exit as without the failure with the same outputs; never a
# signal, another exit code, or (ASan build) a sanitizer or leak report.
#
# The first allocations of each run (its readers) and every k-th after
# them, k chosen to fit OOM_SECONDS (default 45 per build directory; `make
# check` gives 10). `make oom-sweep` tries every N (docs/benchmarks.md).
: "${CUNLU:=build/cunlu}"
: "${BUILD:=build}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
shim=$BUILD/tools/failalloc.so
if [ ! -f "$shim" ]; then
	echo "FAIL: $shim missing (make check-build)"
	echo "0 passed, 1 failed"
	exit 1
fi
secs=${OOM_SECONDS:-45}
mode=ci
[ "$secs" -lt 30 ] && mode=quick
exec python3 tests/tools/oom_sweep.py --cunlu "$CUNLU" --shim "$shim" --mode "$mode" --budget "$secs"
