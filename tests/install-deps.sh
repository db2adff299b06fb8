#!/bin/sh
# Install the Debian packages Cunlu needs, if missing; does nothing when all
# are present.
#   sh tests/install-deps.sh          to build and run (make demo, make install);
#                                     libproj-dev (and proj-data, its CRS
#                                     database, with it): projected layers
#   sh tests/install-deps.sh --test   and to run the test suite (make test):
#     gdal-bin, python3     the GDAL tests of the outputs (ogrinfo, ogr2ogr)
#     clang                 the fuzzers (libFuzzer)
#     chromium, chromium-driver, fonts-wqy-microhei
#                           the browser tests of map.html and sheets.html
#                           (tests/e2e/html_test.sh: headless Chromium, and a
#                           CJK font so screenshots show Chinese names)
#     man-db, groff-base    the manual page test (tests/e2e/install_test.sh)
#   sh tests/install-deps.sh --qgis   python3-qgis for `make test-qgis`
#                           (about 110 MB in 160 packages; not part of --test,
#                           see README "Tests")
set -eu
pkgs="build-essential pkg-config libglpk-dev libcurl4-openssl-dev libcjson-dev libshp-dev libproj-dev"
if [ "${1:-}" = "--test" ]; then
	pkgs="$pkgs gdal-bin clang python3 chromium chromium-driver fonts-wqy-microhei man-db groff-base"
elif [ "${1:-}" = "--qgis" ]; then
	pkgs="python3-qgis"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# A new machine often runs apt's daily jobs at boot, and parallel builds may
# install at once: wait for the package lock instead of failing.
lock="-o DPkg::Lock::Timeout=600"
$SUDO apt-get $lock update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get $lock install -y -qq --no-install-recommends $missing >/dev/null
