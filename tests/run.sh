#!/bin/sh
# Run the whole suite for each build directory given (default: build):
# every unit test binary in BUILD/tests, the architecture check
# (tests/arch/layering.py), then every tests/e2e/*_test.sh script
# with CUNLU=BUILD/cunlu, the QGIS check when python3-qgis is installed,
# then a short fuzzing run of every input reader
# (FUZZ_SECONDS each, default 15; 0 skips it; `make fuzz` runs longer).
# Each prints "N passed, N failed"; this script sums them and ends with
# the total line. Exit 1 if anything failed.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
[ $# -gt 0 ] || set -- build
total_pass=0
total_fail=0
log=$(mktemp)

# run_one LABEL COMMAND...: run it, add its "N passed, N failed" to the
# totals; a crash, no result line, or a non-zero exit counts as a failure.
run_one() {
	label=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$label: crashed or printed no result (exit $rc)"
		tail -n 20 "$log"
		total_fail=$((total_fail + 1))
		return
	fi
	p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
	echo "$label: $line"
	[ "$f" -ne 0 ] && grep -v -E '^[0-9]+ passed' "$log" | tail -n 30
}

for b in "$@"; do
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d) continue ;; esac
		run_one "[$b] $(basename "$t")" "$t"
	done
	run_one "[$b] layering" python3 tests/arch/layering.py "$b"
	for s in tests/e2e/*_test.sh; do
		[ -f "$s" ] || continue
		run_one "[$b] $(basename "$s")" env CUNLU="$top/$b/cunlu" BUILD="$top/$b" sh "$s"
	done
done
# The output layers in QGIS (tests/qgis/run.sh, `make test-qgis`), with the
# first build, when python3-qgis is installed: installing it takes minutes
# (README "Tests"). QGIS_CHECK=no leaves it out (make check).
if [ "${QGIS_CHECK:-auto}" != no ]; then
	if /usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1; then
		run_one "[$1] qgis" env CUNLU="$top/$1/cunlu" sh tests/qgis/run.sh --no-install
	else
		echo "[qgis] not run: python3-qgis is not installed (make test-qgis installs and runs it)"
	fi
fi
fs=${FUZZ_SECONDS:-15}
if [ "$fs" -gt 0 ]; then
	# A fixed seed keeps the suite's short run repeatable; `make fuzz` explores.
	run_one "[fuzz]" env FUZZ_SEED="${FUZZ_SEED:-1}" sh tests/fuzz/run.sh "$fs"
	grep '^fuzz:' "$log"
fi
rm -f "$log"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
