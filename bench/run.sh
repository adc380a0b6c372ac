#!/bin/sh
# make bench: measures sibai at district scale against references taken in the
# same run, prints one table and writes it to bench/RESULTS.md.  See
# bench/README.md.  Needs root (apt-get), loopback only, no other network.
#
# Knobs (environment): SIBAI_BIN (default build/release/sibai), BENCH_DURATION
# (each wrk run, default 10s), BENCH_RUNS (interleaved wrk runs per figure,
# default 3; the median counts), BENCH_ROWS (import lines, default 1200000).
set -eu
cd "$(dirname "$0")/.."

BIN=${SIBAI_BIN:-build/release/sibai}
DUR=${BENCH_DURATION:-10s}
RUNS=${BENCH_RUNS:-3}
ROWS=${BENCH_ROWS:-1200000}
INSERTS=5000              # rows the sqlite3 CLI inserts, one per transaction
DISTRICT=310107           # 普陀区
COMMITTEE=310107015028    # 普雄路居委会 (长寿路街道)
OUT=bench/out
LOG=$OUT/logs
DB=$OUT/district.db       # the generated data set, kept between runs
RUN_DB=$OUT/run.db        # this run's copy: the benchmarks write visits into it
PW=bench-password-2026    # the bench users' password (loopback only)

SERVER_PID= NGINX_PID= SAMPLER_PID= DEMO_PID=
T_START=$(date +%s)

say() { printf '== %s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
# Results (key=value) for bench/report.mjs, and the commands as run.
put() { printf '%s=%s\n' "$1" "$2" >> "$OUT/results.txt"; }
cmd() { printf '%s\n' "$*" >> "$OUT/commands.txt"; }
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a - b }'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
free_port() {
	node -e 'const s = require("net").createServer();
		s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

cleanup() {
	for p in $SAMPLER_PID $SERVER_PID $NGINX_PID $DEMO_PID; do
		kill "$p" 2>/dev/null || true
	done
	for p in $SAMPLER_PID $SERVER_PID $NGINX_PID $DEMO_PID; do
		wait "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || die "run as root (it installs nginx and wrk with apt-get)"
[ -x "$BIN" ] || die "$BIN is missing: run make bench (it builds first)"
mkdir -p "$OUT" "$LOG" "$OUT/www" "$OUT/nginx"
: > "$OUT/results.txt"
: > "$OUT/commands.txt"
rm -f "$LOG"/*

# --- 1. tools ------------------------------------------------------------------
need=
for p in nginx wrk sqlite3 curl; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		need="$need $p"
done
if [ -n "$need" ]; then
	say "installing$need (apt-get)"
	# Keep the package from starting nginx as a system service: only our own
	# nginx, on our own port, runs (policy-rc.d is Debian's switch for that).
	policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		policy=1
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need > "$LOG/apt.txt" 2>&1 ||
		{ apt-get update -q >> "$LOG/apt.txt" 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need >> "$LOG/apt.txt" 2>&1; } ||
		{ [ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d; cat "$LOG/apt.txt"; die "apt-get failed"; }
	[ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx is not installed"

# --- 2. the district data set ------------------------------------------------------
# The generator's fingerprint: a data set made by another version of sibai
# demo is made again even when the schema version still matches.
GEN_ID=$(cat src/core/demo*.c src/cli/cmd_demo.c 2>/dev/null | sha256sum | cut -c1-16)
reuse=
if [ -f "$DB" ] && [ -f "$DB.done" ] && [ "$(cat "$DB.generator" 2>/dev/null)" != "$GEN_ID" ]; then
	say "$DB was made by another version of sibai demo: generating it again"
elif [ -f "$DB" ] && [ -f "$DB.done" ]; then
	# Same generator: newer migrations (an index, a summary) apply to the
	# data set as they would to a user's database.
	say "upgrading and checking $DB (sibai init, then sibai check: schema version and integrity)"
	cmd "$BIN init --db $DB --admin-password-file $OUT/admin.pw   # migrations only, on a reused data set"
	if "$BIN" init --db "$DB" --admin-password-file "$OUT/admin.pw" > "$LOG/upgrade.txt" 2>&1 &&
		"$BIN" check --db "$DB" > "$LOG/check.txt" 2>&1; then
		reuse=1
		say "reusing $DB ($(cat "$DB.done"))"
	else
		cat "$LOG/check.txt"
		say "$DB does not match this program: generating it again"
	fi
fi
if [ -z "$reuse" ]; then
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.key" "$DB.done" "$DB.generator"
	[ -s "$OUT/admin.pw" ] ||
		head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$OUT/admin.pw"
	cmd "$BIN init --db $DB --admin-password-file $OUT/admin.pw"
	"$BIN" init --db "$DB" --admin-password-file "$OUT/admin.pw" > "$LOG/init.txt"
	cmd "$BIN demo --db $DB --scale district --seed 1"
	committees=$(sqlite3 "$DB" "SELECT count(*) FROM area WHERE level = 'committee' AND code LIKE '$DISTRICT%'")
	say "generating the district data set ($committees committees; several minutes)"
	t0=$(date +%s)
	if [ -t 2 ]; then
		"$BIN" demo --db "$DB" --scale district --seed 1 | tee "$LOG/demo.txt"
	else
		"$BIN" demo --db "$DB" --scale district --seed 1 > "$LOG/demo.txt" 2>&1 &
		DEMO_PID=$!
		i=0
		while kill -0 "$DEMO_PID" 2>/dev/null; do
			sleep 2
			i=$((i + 1))
			[ $((i % 10)) -eq 0 ] || continue
			done_c=$(sqlite3 "$DB" "SELECT count(DISTINCT committee_code) FROM compound" 2>/dev/null || echo '?')
			printf '   %4d s: %s/%s committees, %s MB\n' "$(($(date +%s) - t0))" "$done_c" \
				"$committees" "$(($(stat -c %s "$DB") / 1048576))"
		done
		wait "$DEMO_PID" || { cat "$LOG/demo.txt"; DEMO_PID=; die "sibai demo failed"; }
		DEMO_PID=
		cat "$LOG/demo.txt"
	fi
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	printf 'generated on %s in %s s: %s\n' "$(date -u +%Y-%m-%d)" "$(($(date +%s) - t0))" \
		"$(grep -h '^demo data' "$LOG/demo.txt" | head -1)" > "$DB.done"
	echo "$GEN_ID" > "$DB.generator"
fi
if [ -n "$reuse" ]; then
	cmd "$BIN check --db $DB   # passed: the data set below was reused"
	cmd "$BIN init --db $DB --admin-password-file $OUT/admin.pw   # made earlier: $(cat "$DB.done")"
	cmd "$BIN demo --db $DB --scale district --seed 1   # made earlier"
fi
cmd "cp $DB $RUN_DB; cp $DB.key $RUN_DB.key; sync"
put demo_summary "$(cat "$DB.done")"
put db_mb "$(($(stat -c %s "$DB") / 1048576))"

# This run's copy, so that every run starts from the same data.  sync, so
# that writing the copy back does not compete with the fsyncs measured below.
say "copying the data set to $RUN_DB"
rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm" "$RUN_DB.key"
cp "$DB" "$RUN_DB"
cp "$DB.key" "$RUN_DB.key"
sync

printf '%s\n' "$PW" > "$OUT/bench.pw"
for u in "bench_district district $DISTRICT" "bench_head committee_head $COMMITTEE" \
	"bench_worker worker $COMMITTEE"; do
	set -- $u
	cmd "$BIN user add --db $RUN_DB --username $1 --role $2 --scope $3 --password-file $OUT/bench.pw"
	"$BIN" user add --db "$RUN_DB" --username "$1" --role "$2" --scope "$3" \
		--password-file "$OUT/bench.pw" >> "$LOG/users.txt"
done

# Samples, deterministic (a multiplicative hash, not random()), so that runs compare.
q() { sqlite3 "$RUN_DB" "$1"; }
q "SELECT id FROM household WHERE status = 'active'
	ORDER BY (id * 2654435761) % 4294967291 LIMIT 300" > "$OUT/get-ids.txt"
# Visits go to 20,000 households of the whole district (a district user may
# record a visit anywhere in its scope, as a head may in its committee): a
# household's visit summary is rebuilt from its own visits on every write, so
# a few hundred households taking tens of thousands of visits would measure
# an ever longer history instead of a district's day.
q "SELECT id FROM household WHERE status = 'active'
	ORDER BY (id * 40503 + 7) % 65521, id LIMIT 20000" > "$OUT/post-ids.txt"
q "SELECT name FROM (SELECT DISTINCT name FROM resident
	WHERE length(name) BETWEEN 2 AND 3 AND status = 'living')
	ORDER BY unicode(substr(name, 2)) * 31 + unicode(substr(name, 1)) * 7 + length(name) LIMIT 800" \
	> "$OUT/names.txt"
[ "$(wc -l < "$OUT/get-ids.txt")" -ge 100 ] || die "too few households in $RUN_DB"
[ "$(wc -l < "$OUT/post-ids.txt")" -ge 1000 ] || die "too few households in $RUN_DB"
put residents "$(q "SELECT count(*) FROM resident")"
put households "$(q "SELECT count(*) FROM household")"
put visits_before "$(q "SELECT count(*) FROM visit")"

put load_before "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 3. the servers ------------------------------------------------------------------
NGINX_PORT=$(free_port)
NGINX_DIR=$(pwd)/$OUT/nginx
mkdir -p "$NGINX_DIR/tmp"
cat > "$NGINX_DIR/nginx.conf" <<EOF
# Generated by bench/run.sh: the static-file ceiling (docs/performance.md).
user root;
worker_processes 2;
daemon off;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_requests 1000000;
	keepalive_timeout 65;
	open_file_cache max=16 inactive=60s;
	open_file_cache_valid 60s;
	client_body_temp_path $NGINX_DIR/tmp/body;
	proxy_temp_path $NGINX_DIR/tmp/proxy;
	fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
	uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
	scgi_temp_path $NGINX_DIR/tmp/scgi;
	types { }
	default_type application/json;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $(pwd)/$OUT/www;
	}
}
EOF
cmd "$NGINX -p $NGINX_DIR -c $NGINX_DIR/nginx.conf -e $NGINX_DIR/error.log   # worker_processes 2, port $NGINX_PORT"
"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" &
NGINX_PID=$!

RSS_HWM=0 RSS_ANON=0
start_server() { # synchronous
	PORT=$(free_port)
	BASE=http://127.0.0.1:$PORT
	cmd "SIBAI_SYNCHRONOUS=$1 $BIN serve --db $RUN_DB --listen 127.0.0.1:$PORT"
	SIBAI_SYNCHRONOUS=$1 "$BIN" serve --db "$RUN_DB" --listen "127.0.0.1:$PORT" \
		2> "$LOG/serve-$1.log" &
	SERVER_PID=$!
	i=0
	until curl -sf "$BASE/healthz" > /dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 300 ] || die "the server did not answer on $BASE"
		kill -0 "$SERVER_PID" 2>/dev/null || { tail "$LOG/serve-$1.log"; die "the server exited"; }
		sleep 0.1
	done
	# The largest anonymous RSS (the heap, not the mmap'd database), sampled.
	(
		max=0
		while [ -r "/proc/$SERVER_PID/status" ]; do
			v=$(awk '/^RssAnon:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || true)
			[ -n "$v" ] && [ "$v" -gt "$max" ] && { max=$v; echo "$max" > "$OUT/rss-anon.$1"; }
			sleep 0.25
		done
	) &
	SAMPLER_PID=$!
}
stop_server() { # synchronous
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
	[ "$hwm" -gt "$RSS_HWM" ] && RSS_HWM=$hwm
	kill "$SAMPLER_PID" 2>/dev/null || true
	wait "$SAMPLER_PID" 2>/dev/null || true
	SAMPLER_PID=
	anon=$(cat "$OUT/rss-anon.$1" 2>/dev/null || echo 0)
	[ "$anon" -gt "$RSS_ANON" ] && RSS_ANON=$anon
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID" || true
	SERVER_PID=
}
login() { # user: prints the Cookie header's value
	curl -sf -c - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PW\"}" "$BASE/api/v1/session" |
		awk '$6 == "sibai_session" { print "sibai_session=" $7 }'
}
# wrk NAME ARGS...: one run; prints requests/s, fails on any non-2xx answer.
run_wrk() {
	name=$1
	shift
	wrk -t2 -c64 -d"$DUR" --latency "$@" > "$LOG/wrk-$name.txt" 2>&1 ||
		{ cat "$LOG/wrk-$name.txt" >&2; die "wrk failed ($name)"; }
	bad=$(awk '/Non-2xx/ { print $NF }' "$LOG/wrk-$name.txt")
	[ -z "$bad" ] || { cat "$LOG/wrk-$name.txt" >&2; die "$name: $bad answers were not 2xx"; }
	awk '/^Requests\/sec:/ { print $2 }' "$LOG/wrk-$name.txt"
}

rm -f "$OUT"/rss-anon.*
start_server FULL
C_DISTRICT=$(login bench_district)
C_HEAD=$(login bench_head)
[ -n "$C_DISTRICT" ] && [ -n "$C_HEAD" ] || die "cannot log in as the bench users"

# --- GET one household with its members -------------------------------------------------
# The static file: the real answer of median size among the first 31 ids.
head -n 31 "$OUT/get-ids.txt" | while read -r id; do
	printf '%s %s\n' "$(curl -sf -H "Cookie: $C_DISTRICT" -o /dev/null -w '%{size_download}' \
		"$BASE/api/v1/households/$id")" "$id"
done | sort -n > "$OUT/get-sizes.txt"
mid=$(awk 'NR == 16 { print $2 }' "$OUT/get-sizes.txt")
curl -sf -H "Cookie: $C_DISTRICT" -o "$OUT/www/household.json" "$BASE/api/v1/households/$mid"
put get_bytes "$(stat -c %s "$OUT/www/household.json")"
put get_bytes_range "$(head -1 "$OUT/get-sizes.txt" | cut -d' ' -f1)–$(tail -1 "$OUT/get-sizes.txt" | cut -d' ' -f1)"
curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/household.json" || die "nginx does not serve"

say "GET /api/v1/households/{id}: sibai against nginx, $RUNS × $DUR each, interleaved"
cmd "wrk -t2 -c64 -d$DUR --latency -H 'Cookie: sibai_session=…' -s bench/get.lua $BASE -- $OUT/get-ids.txt /api/v1/households/"
cmd "wrk -t2 -c64 -d$DUR --latency -H 'Cookie: sibai_session=…' -s bench/get.lua http://127.0.0.1:$NGINX_PORT -- $OUT/get-ids.txt /household.json?id="
DUR_SAVE=$DUR DUR=3s
run_wrk get-warm-sibai -H "Cookie: $C_DISTRICT" -s bench/get.lua "$BASE" -- "$OUT/get-ids.txt" /api/v1/households/ > /dev/null
run_wrk get-warm-nginx -H "Cookie: $C_DISTRICT" -s bench/get.lua "http://127.0.0.1:$NGINX_PORT" -- "$OUT/get-ids.txt" "/household.json?id=" > /dev/null
DUR=$DUR_SAVE
g_s= g_n=
for r in $(seq "$RUNS"); do
	n=$(run_wrk "get-nginx-$r" -H "Cookie: $C_DISTRICT" -s bench/get.lua "http://127.0.0.1:$NGINX_PORT" -- "$OUT/get-ids.txt" "/household.json?id=")
	s=$(run_wrk "get-sibai-$r" -H "Cookie: $C_DISTRICT" -s bench/get.lua "$BASE" -- "$OUT/get-ids.txt" /api/v1/households/)
	printf '   run %s: sibai %s req/s, nginx %s req/s\n' "$r" "$s" "$n"
	g_s="$g_s $s" g_n="$g_n $n"
done
put get_sibai "$(echo "$g_s" | median)"
put get_nginx "$(echo "$g_n" | median)"
put get_sibai_runs "$g_s"
put get_nginx_runs "$g_n"

# --- name search -------------------------------------------------------------------------
# The first 400 names warm the server (each of its threads opens its
# connection and prepares the search on first use); the other 400, different
# names, are measured.
say "GET /api/v1/residents?q=NAME: latency of $(($(wc -l < "$OUT/names.txt") - 400)) names, sequential, after 400 others"
cmd "node bench/search.mjs $BASE 'sibai_session=…' $OUT/names.txt 400"
log_at=$(wc -l < "$LOG/serve-FULL.log")
search=$(node bench/search.mjs "$BASE" "$C_DISTRICT" "$OUT/names.txt" 400)
echo "   $search"
put search_json "$search"
# The same requests as the server timed them (its access log, "us"), warm-up left out.
server=$(tail -n +$((log_at + 1)) "$LOG/serve-FULL.log" | grep '"route":"/api/v1/residents"' |
	tail -n +401 | sed 's/.*"us":\([0-9]*\).*/\1/' | sort -n |
	awk '{ v[NR] = $1 } END { if (NR) printf "%.3f %.3f %d", v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.99 + 0.999)] / 1000, NR }')
echo "   as the server timed them (access log): p50, p99 (ms), n: $server"
put search_server "$server"

# --- coverage of the district for a year ----------------------------------------------
TO=$(TZ=Asia/Shanghai date +%Y-%m-%d)
FROM=$(TZ=Asia/Shanghai date -d "$TO -364 days" +%Y-%m-%d)
cat > "$OUT/coverage.sql" <<EOF
SELECT h.committee_code, count(DISTINCT v.household_id)
  FROM visit v JOIN household h ON h.id = v.household_id
 WHERE v.visited_on BETWEEN '$FROM' AND '$TO'
 GROUP BY h.committee_code;
EOF
say "coverage of $DISTRICT from $FROM to $TO: sibai against the sqlite3 CLI, median of $RUNS after one warm-up"
cmd "curl -H 'Cookie: sibai_session=…' '$BASE/api/v1/reports/coverage?area=$DISTRICT&from=$FROM&to=$TO'"
cmd "sqlite3 $RUN_DB < $OUT/coverage.sql   # $(tr '\n' ' ' < "$OUT/coverage.sql" | tr -s ' ')"
c_s= c_c=
for r in $(seq 0 "$RUNS"); do
	res=$(curl -s -H "Cookie: $C_DISTRICT" -o "$OUT/coverage.json" -w '%{http_code} %{time_total}' \
		"$BASE/api/v1/reports/coverage?area=$DISTRICT&from=$FROM&to=$TO")
	[ "${res%% *}" = 200 ] || { cat "$OUT/coverage.json"; die "coverage answered ${res%% *}"; }
	t0=$(now)
	sqlite3 "$RUN_DB" < "$OUT/coverage.sql" > "$OUT/coverage-cli.txt"
	t=$(minus "$(now)" "$t0")
	printf '   run %s: sibai %s s, sqlite3 %s s\n' "$r" "${res#* }" "$t"
	[ "$r" -eq 0 ] && continue # warm-up
	c_s="$c_s ${res#* }" c_c="$c_c $t"
done
put cov_sibai "$(echo "$c_s" | median)"
put cov_cli "$(echo "$c_c" | median)"
put cov_committees "$(wc -l < "$OUT/coverage-cli.txt")"
put cov_visited "$(awk -F'|' '{ s += $2 } END { print s }' "$OUT/coverage-cli.txt")"
put cov_period "$FROM – $TO"

# --- POST a visit, FULL then NORMAL --------------------------------------------------
# The reference: the rows the server just wrote, inserted by the sqlite3 CLI
# one per transaction into a fresh copy of the visit table's schema: the table
# and its indexes, not sibai's triggers (they feed the coverage summary,
# sibai's own work, which the reference does not do).
sqlite3 "$RUN_DB" "SELECT sql || ';' FROM sqlite_master WHERE tbl_name = 'visit'
	AND type IN ('table', 'index') AND sql IS NOT NULL" > "$OUT/visit-schema.sql"
cli_rows() { # first_id: the rows sibai wrote after first_id, as INSERT statements
	{
		echo ".mode insert visit"
		echo "SELECT * FROM visit WHERE id > $1 ORDER BY id LIMIT $INSERTS;"
	} | sqlite3 "$RUN_DB" > "$OUT/inserts.sql"
	n=$(grep -c '^INSERT' "$OUT/inserts.sql" || true)
	[ "$n" -ge 1000 ] || die "only $n visits to copy for the sqlite3 reference"
}
cli_inserts() { # synchronous: one timed run of inserts.sql; prints rows/s
	rm -f "$OUT/ref.db" "$OUT/ref.db-wal" "$OUT/ref.db-shm"
	{ echo "PRAGMA journal_mode=WAL;"; cat "$OUT/visit-schema.sql"; } |
		sqlite3 "$OUT/ref.db" > /dev/null
	sync
	t0=$(now)
	{ echo "PRAGMA synchronous=$1;"; cat "$OUT/inserts.sql"; } | sqlite3 "$OUT/ref.db"
	t=$(minus "$(now)" "$t0")
	awk -v n="$n" -v t="$t" 'BEGIN { printf "%.0f", n / t }'
}
# sibai and the CLI alternate, run by run: the disk's flush latency drifts.
post_bench() { # synchronous cookie
	first=$(q "SELECT coalesce(max(id), 0) FROM visit")
	cmd "wrk -t2 -c64 -d$DUR --latency -H 'Cookie: sibai_session=…' -s bench/post.lua $BASE -- $OUT/post-ids.txt   # as bench_district, SIBAI_SYNCHRONOUS=$1"
	cmd "(echo 'PRAGMA synchronous=$1;'; cat $OUT/inserts.sql) | sqlite3 $OUT/ref.db   # inserts.sql: $INSERTS × INSERT INTO visit, the first rows sibai wrote, one transaction each; ref.db: fresh, journal_mode=WAL, the visit table's schema and indexes"
	p= c=
	for r in $(seq "$RUNS"); do
		s=$(run_wrk "post-$1-$r" -H "Cookie: $2" -s bench/post.lua "$BASE" -- "$OUT/post-ids.txt")
		[ "$r" -gt 1 ] || cli_rows "$first"
		x=$(cli_inserts "$1")
		printf '   run %s: sibai %s req/s, sqlite3 CLI %s rows/s (%s single-row transactions)\n' \
			"$r" "$s" "$x" "$n"
		p="$p $s" c="$c $x"
	done
	put "post_$1_sibai" "$(echo "$p" | median)"
	put "post_$1_runs" "$p"
	put "post_$1_cli" "$(echo "$c" | median)"
	put "post_$1_cli_runs" "$c"
}
say "POST /api/v1/visits as bench_district over 20,000 households, synchronous=FULL: $RUNS × $DUR"
post_bench FULL "$C_DISTRICT"
stop_server FULL

start_server NORMAL
C_DISTRICT=$(login bench_district)
say "POST /api/v1/visits, SIBAI_SYNCHRONOUS=NORMAL: $RUNS × $DUR"
post_bench NORMAL "$C_DISTRICT"
put visits_after "$(q "SELECT count(*) FROM visit")"
stop_server NORMAL
put rss_hwm_kb "$RSS_HWM"
put rss_anon_kb "$RSS_ANON"
kill "$NGINX_PID" 2>/dev/null || true
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=

# --- import of 1.2 M residents -------------------------------------------------------
CSV=$OUT/res.csv
if [ ! -f "$CSV" ] || [ "$(wc -l < "$CSV")" -ne $((ROWS + 1)) ]; then
	say "generating $CSV ($ROWS lines)"
	cmd "node bench/gen-residents.mjs $ROWS > $CSV"
	node bench/gen-residents.mjs "$ROWS" > "$CSV"
fi
rm -f "$OUT/import.db" "$OUT/import.db-wal" "$OUT/import.db-shm" "$OUT/import.db.key" \
	"$OUT/bare.db" "$OUT/bare.db-journal"
cmd "$BIN init --db $OUT/import.db --admin-password-file $OUT/admin.pw"
"$BIN" init --db "$OUT/import.db" --admin-password-file "$OUT/admin.pw" > /dev/null
sync
say "import of $ROWS residents: sibai import against sqlite3 .import"
cmd "$BIN import residents $CSV --db $OUT/import.db --committee $COMMITTEE --quiet"
# /usr/bin/time, when there, also gives the import's largest resident set
# (docs/performance.md, "Import speed": flat, whatever the file's size).
TIMEV=
[ -x /usr/bin/time ] && TIMEV="/usr/bin/time -f %M -o $LOG/import.rss"
t0=$(now)
rc=0
$TIMEV "$BIN" import residents "$CSV" --db "$OUT/import.db" --committee "$COMMITTEE" --quiet \
	> "$LOG/import.txt" 2> "$LOG/import.err" || rc=$?
t=$(minus "$(now)" "$t0")
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { cat "$LOG/import.err"; die "sibai import failed ($rc)"; }
tail -1 "$LOG/import.txt"
put imp_sibai_s "$t"
put imp_report "$(tail -1 "$LOG/import.txt")"
sync
cmd "printf '.mode csv\\n.import $CSV residents\\n' | sqlite3 $OUT/bare.db"
t0=$(now)
printf '.mode csv\n.import %s residents\n' "$CSV" | sqlite3 "$OUT/bare.db"
t=$(minus "$(now)" "$t0")
put imp_cli_s "$t"
put imp_rows "$ROWS"
rm -f "$OUT/import.db" "$OUT/import.db-wal" "$OUT/import.db-shm" "$OUT/import.db.key" "$OUT/bare.db"
imp_s=$(grep '^imp_sibai_s=' "$OUT/results.txt" | tail -1 | cut -d= -f2)
imp_rss=$(tail -1 "$LOG/import.rss" 2>/dev/null || echo '?')
awk -v n="$ROWS" -v s="$imp_s" -v c="$t" -v rss="$imp_rss" 'BEGIN {
	printf "   sibai import %.0f rows/s (%.1f s, max RSS %s KiB), sqlite3 .import %.0f rows/s (%.1f s): %.2f × (target ≥ 0.5)\n",
		n / s, s, rss, n / c, c, (n / s) / (n / c) }'

# --- the table ------------------------------------------------------------------------
put load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put uname "$(uname -a)"
put nproc "$(nproc)"
put cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
put mem "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
if git rev-parse --short HEAD > /dev/null 2>&1; then
	rev="commit $(git rev-parse --short HEAD)"
	git diff --quiet HEAD -- src 2>/dev/null || rev="$rev + uncommitted changes in src/"
else
	rev="(not a git checkout)"
fi
put versions "sibai $rev, SQLite CLI $(sqlite3 --version | cut -d' ' -f1), $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
put bench_seconds "$(($(date +%s) - T_START))"
node bench/report.mjs "$OUT/results.txt" "$OUT/commands.txt" bench/RESULTS.md
