# tests/e2e/lib.sh -- helpers for the shell end-to-end tests (sourced).
# Each script sets up, calls ok/fail per case, and ends with `finish`.
: "${CUNLU:=build/cunlu}"
: "${BUILD:=build}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
passed=0
failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check NAME COMMAND...: the command must succeed
check() { name=$1; shift; if "$@"; then ok; else fail "$name"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
