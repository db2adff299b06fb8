#!/bin/sh
# tests/fuzz/run.sh [SECONDS] -- build and run every input-reader fuzzer.
#
# Each tests/fuzz/fuzz_<name>.c is built with clang and libFuzzer plus
# AddressSanitizer/UBSan against the solver sources (solver/*/*.c but
# app/, the command line) and run for SECONDS (default 60). Corpora grow in
# build-fuzz/corpus/<name>/, seeded from tests/fuzz/corpus_<name>/ when
# that exists; crashing inputs land in build-fuzz/artifacts/. Exit 1 when
# a harness does not build or a run finds a crash, leak or timeout.
#
# FUZZ_ONLY="osrm shp" runs those harnesses only; FUZZ_RUNS=N stops each
# run after N executions instead of SECONDS (for the 1,000,000-execution
# runs recorded in docs/benchmarks.md: `make fuzz FUZZ_RUNS=1000000`,
# under `nice -n 19` on a shared machine). Each run prints its executions
# and wall time.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
secs=${1:-60}
cc=${FUZZ_CC:-clang}
out=${FUZZ_OUT:-build-fuzz}
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cflags="-std=c11 -g -O1 -Iinclude -Isolver -D_POSIX_C_SOURCE=200809L -DCUNLU_VERSION=\"fuzz\"
	$(pkg-config --cflags libcjson shapelib libcurl proj 2>/dev/null)"
libs="$(pkg-config --libs libcjson shapelib libcurl proj 2>/dev/null || echo -lcjson -lshp -lcurl -lproj) -lglpk -lm"
mkdir -p "$out/obj" "$out/corpus" "$out/artifacts" || exit 1

# The library objects, instrumented for coverage (no fuzzer main).
objs=
for src in solver/*/*.c; do
	case "$src" in solver/app/*) continue ;; esac
	# folder_file.o: two stages may one day hold files of the same name
	obj="$out/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find include solver -name '*.h' -newer "$obj" 2>/dev/null | head -n 1)" ]; then
		# shellcheck disable=SC2086
		$cc $cflags $san -fsanitize=fuzzer-no-link -c -o "$obj" "$src" || {
			echo "fuzz: cannot compile $src"; exit 1; }
	fi
	objs="$objs $obj"
done

failed=0
found=0
for h in tests/fuzz/fuzz_*.c; do
	[ -f "$h" ] || continue
	name=$(basename "$h" .c)
	short=${name#fuzz_}
	if [ -n "${FUZZ_ONLY:-}" ]; then
		case " $FUZZ_ONLY " in *" $short "*) ;; *) continue ;; esac
	fi
	found=$((found + 1))
	bin="$out/$name"
	# shellcheck disable=SC2086
	if ! $cc $cflags $san -fsanitize=fuzzer -o "$bin" "$h" $objs $libs; then
		echo "fuzz: $name: does not build"
		failed=$((failed + 1))
		continue
	fi
	corpus="$out/corpus/$short"
	mkdir -p "$corpus"
	seeds=
	[ -d "tests/fuzz/corpus_$short" ] && seeds="tests/fuzz/corpus_$short"
	log="$out/$name.log"
	limit="-max_total_time=$secs"
	[ -n "${FUZZ_RUNS:-}" ] && limit="-runs=$FUZZ_RUNS"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" $limit -timeout=10 -print_final_stats=1 ${FUZZ_SEED:+-seed=$FUZZ_SEED} \
		-artifact_prefix="$out/artifacts/$short-" "$corpus" $seeds >"$log" 2>&1
	rc=$?
	secs_run=$(($(date +%s) - t0))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: $name: FAILED (exit $rc) after ${execs:-?} executions; see $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$log" | head -n 10
		failed=$((failed + 1))
	else
		echo "fuzz: $name: ok, ${execs:-?} executions in ${secs_run}s, corpus $(ls "$corpus" | wc -l) inputs"
	fi
done
[ "$found" -gt 0 ] || { echo "fuzz: no tests/fuzz/fuzz_*.c"; exit 1; }
echo "$((found - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
