#!/bin/sh
# Install the Debian packages Cunlu needs to build and test, if missing.
# Used by `make demo` and `make test`; does nothing when all are present.
set -eu
pkgs="build-essential pkg-config libglpk-dev libcurl4-openssl-dev libcjson-dev libshp-dev gdal-bin clang python3"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
