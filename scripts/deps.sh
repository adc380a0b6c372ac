#!/bin/sh
# Installs what sibai needs that this machine lacks.  Safe to run again: it
# only acts on what is missing.
#
#   scripts/deps.sh run     to build and run (make, make demo)
#   scripts/deps.sh test    to test as well (make test): adds Criterion, the
#                           linters, Chromium and the npm test tools
#
# Debian packages come from apt (as root).  Node.js must be at least the major
# version that package.json's "engines" names (its one home); Debian 12 ships
# 18, so when the node on PATH is older or missing, a pinned Node.js (22 LTS) and npm
# are taken from the npm registry (the node-linux-<arch> and npm packages),
# checked against their SHA-512 and unpacked under /usr/local/lib/sibai-node,
# with node, npm and npx linked into /usr/local/bin.  Then `npm ci` installs
# package-lock.json: without the test tools for `run`.
set -eu
cd "$(dirname "$0")/.."
mode=${1:-test}
case "$mode" in
run | test) ;;
*)
	echo "usage: scripts/deps.sh run|test" >&2
	exit 2
	;;
esac

RUN_PACKAGES="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
libsodium-dev libxlsxwriter-dev libcsv-dev zlib1g-dev libgd-dev libzip-dev libexpat1-dev curl
ca-certificates"
TEST_PACKAGES="libcriterion-dev sqlite3 unzip clang-format cppcheck chromium fonts-noto-cjk
clang libclang-rt-14-dev"

# The Node.js taken from the npm registry when the system's is too old: the
# current long-term-support line (20 reached its end of life in April 2026),
# which satisfies the ">=20" rule.
NODE_VERSION=22.23.5
NODE_SHA512_x64=de3842fb07285b1299c5c46a176b144a5d1cf47117167babfe7b883f1e8ee8258a5748ce516426ec7b70e52b97aaa94c084862d1c26ac9b14f11be6185c06233
NODE_SHA512_arm64=7b52ce506295aee3c6b8b56eb67f3e0a09b9a48d403e6e0abe1fb36dbfea7bf6690fdb3e4d06f2e6252064e5a63e96d22a98f44ddf033f53743449d76ac1e2ce
NPM_VERSION=10.9.9
NPM_SHA512=d60fba8cb42f688b81e33c2f1cbef2ad7b977166700ec0ad057f1b6d60ea6ef2524abf673e20c35931cd8305d1dbb8887134d6eefdc0e7b8435bd458bf65b862
NODE_PREFIX=/usr/local/lib/sibai-node

# "node": ">=20" in package.json is the rule; everything else reads it here.
node_major=$(sed -n 's/.*"node": *">= *\([0-9][0-9]*\).*/\1/p' package.json)
[ -n "$node_major" ] || {
	echo "deps: package.json names no \"engines\": {\"node\": \">=N\"}" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: $1 needs root: run this as root (or do it yourself: $2)" >&2
		exit 1
	fi
}

packages=$RUN_PACKAGES
[ "$mode" = test ] && packages="$packages $TEST_PACKAGES"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
missing=$(echo $missing)
if [ -n "$missing" ]; then
	echo "deps: installing Debian packages: $missing"
	as_root "installing Debian packages" "apt-get install $missing"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

node_ok() {
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
		[ "$(node -p "process.versions.node.split('.')[0]" 2>/dev/null || echo 0)" -ge "$node_major" ]
}

# fetch NAME VERSION SHA512 DIR: the npm registry's tarball of NAME@VERSION,
# checked, unpacked into DIR.
fetch() {
	tgz=$(mktemp)
	url="https://registry.npmjs.org/$1/-/$1-$2.tgz"
	echo "deps: fetching $url"
	curl -fsSL --retry 3 -o "$tgz" "$url"
	if [ "$(sha512sum "$tgz" | cut -d' ' -f1)" != "$3" ]; then
		rm -f "$tgz"
		echo "deps: $1-$2.tgz does not match its pinned SHA-512: not installed" >&2
		exit 1
	fi
	mkdir -p "$4"
	tar xzf "$tgz" -C "$4" --strip-components=1 --no-same-owner
	rm -f "$tgz"
}

if ! node_ok; then
	have=$(node --version 2>/dev/null || echo none)
	echo "deps: Node.js $node_major or newer is needed (found: $have); installing $NODE_VERSION from the npm registry"
	as_root "installing Node.js $NODE_VERSION" "a Node.js $node_major or newer on PATH, with npm"
	case "$(uname -m)" in
	x86_64) arch=x64 sum=$NODE_SHA512_x64 ;;
	aarch64) arch=arm64 sum=$NODE_SHA512_arm64 ;;
	*)
		echo "deps: no pinned Node.js for $(uname -m): install Node.js $node_major or newer yourself" >&2
		exit 1
		;;
	esac
	rm -rf "$NODE_PREFIX.new"
	fetch "node-linux-$arch" "$NODE_VERSION" "$sum" "$NODE_PREFIX.new"
	fetch npm "$NPM_VERSION" "$NPM_SHA512" "$NODE_PREFIX.new/lib/node_modules/npm"
	# The layout of Node's own distribution: bin/npm and bin/npx are links
	# into lib/node_modules/npm, so npm finds its global prefix.
	ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$NODE_PREFIX.new/bin/npm"
	ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$NODE_PREFIX.new/bin/npx"
	rm -rf "$NODE_PREFIX"
	mv "$NODE_PREFIX.new" "$NODE_PREFIX"
	for b in node npm npx; do ln -sf "$NODE_PREFIX/bin/$b" "/usr/local/bin/$b"; done
	hash -r 2>/dev/null || true
	node_ok || {
		echo "deps: installed Node.js $NODE_VERSION, but 'node' on PATH is still $(node --version 2>/dev/null):" \
			"put /usr/local/bin before it in PATH" >&2
		exit 1
	}
fi

# npm packages: `npm ci` when the lock changed or the installed set is the
# smaller one (run) and the tests need the rest.
installed=$(cat node_modules/.sibai-deps 2>/dev/null || echo none)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
	[ package.json -nt node_modules/.package-lock.json ] || { [ "$mode" = test ] && [ "$installed" != test ]; }; then
	if [ "$mode" = test ]; then
		echo "deps: installing npm packages (npm ci)"
		npm ci --no-audit --no-fund
	else
		echo "deps: installing npm packages for running (npm ci --omit=dev)"
		npm ci --omit=dev --no-audit --no-fund
	fi
	echo "$mode" > node_modules/.sibai-deps
fi
