#!/bin/sh
# make demo: creates the demo database once (printing its passwords once, and
# keeping them in DB.passwords, mode 0600) and serves it.  demo.sh DB PORT
set -eu
db=${1:-demo.db}
port=${2:-8080}
bin=./build/release/sibai
pwfile="$db.passwords"

# Whether something listens on 127.0.0.1:PORT already.
port_taken() {
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
	else
		bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
	fi
}

if port_taken "$port"; then
	echo "demo: port $port is in use (another server listens on it); pick another:" >&2
	echo "      make demo DEMO_PORT=8081   (or: sh scripts/demo.sh $db 8081)" >&2
	exit 1
fi

if [ ! -f "$db" ]; then
	echo "== creating $db: all Shanghai divisions, then synthetic data for 长寿路街道"
	echo "   (sibai demo --scale street, which also makes the named users)"
	# The passwords go to the terminal and to $pwfile, readable by you only.
	rm -f "$pwfile"
	(umask 077 && : > "$pwfile")
	if ! { $bin init --db "$db" && $bin demo --db "$db" --scale street --seed 1; } \
		>> "$pwfile"; then
		cat "$pwfile"
		echo "demo: creating $db failed (what was printed is in $pwfile);" >&2
		echo "      'make demo-reset' removes it to try again" >&2
		exit 1
	fi
	cat "$pwfile"
	echo "(the passwords above are shown once; they are also in $pwfile (mode 0600);"
	echo " 'make demo-reset' starts over)"
else
	echo "== using $db (its passwords were printed when it was made and are in $pwfile;"
	echo "   'make demo-reset' starts over)"
fi
echo "== open http://127.0.0.1:$port/  (Ctrl-C stops the server)"
exec $bin serve --db "$db" --listen "127.0.0.1:$port"
