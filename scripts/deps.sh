#!/bin/sh
# Installs what sibai needs that this machine lacks: Debian packages (as root,
# with apt-get) and the npm packages of package.json.  Safe to run again.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3
libsodium-dev libxlsxwriter-dev libcsv-dev libcriterion-dev zlib1g-dev clang-format cppcheck
nodejs npm chromium fonts-noto-cjk ca-certificates unzip"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# A node from elsewhere (nvm, a tarball) is fine when it is 20 or newer.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
	[ "$(node -p "process.versions.node.split('.')[0]")" -ge 18 ]; then
	missing=$(echo "$missing" | tr ' ' '\n' | grep -v -x -e nodejs -e npm | tr '\n' ' ')
fi
missing=$(echo $missing)
if [ -n "$missing" ]; then
	echo "deps: installing Debian packages: $missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: run as root (or install them yourself): apt-get install $missing" >&2
		exit 1
	fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
	[ package.json -nt node_modules/.package-lock.json ]; then
	echo "deps: installing npm packages"
	if [ -f package-lock.json ]; then
		npm ci --no-audit --no-fund
	else
		npm install --no-audit --no-fund
	fi
fi
