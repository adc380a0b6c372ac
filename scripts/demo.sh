#!/bin/sh
# make demo: creates the demo database once (printing its passwords once) and
# serves it.  demo.sh DB PORT
set -eu
db=${1:-demo.db}
port=${2:-8080}
bin=./build/release/sibai

if [ ! -f "$db" ]; then
	echo "== creating $db"
	$bin init --db "$db"
	pwdir=$(mktemp -d)
	trap 'rm -rf "$pwdir"' EXIT
	# name role scope what
	while read -r name role scope what; do
		pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-14)
		printf '%s\n' "$pw" > "$pwdir/pw"
		$bin user add --db "$db" --username "$name" --role "$role" --scope "$scope" \
			--password-file "$pwdir/pw" > /dev/null
		printf '  %-18s %-16s %s  password: %s\n' "$name" "$role" "$what" "$pw"
	done <<'USERS'
putuo_district district 310107 普陀区
changshou_street street 310107015 长寿路街道
puxiong_head committee_head 310107015028 普雄路居委会书记
puxiong_worker worker 310107015028 普雄路居委会社工
USERS
	echo "== filling $db with synthetic data for 长寿路街道 (sibai demo --scale street)"
	$bin demo --db "$db" --scale street --seed 1
	echo "(the passwords above are shown once: write them down; 'make demo-reset' starts over)"
else
	echo "== using $db (its passwords were printed when it was made; 'make demo-reset' starts over)"
fi
echo "== open http://127.0.0.1:$port/  (Ctrl-C stops the server)"
exec $bin serve --db "$db" --listen "127.0.0.1:$port"
