#!/bin/sh
# The layers of docs/ARCHITECTURE.md, checked (make lint):
#   api-store-include  no file in src/api/ includes a store header
#   api-store-call     no handler calls the store: a handler parses, calls
#                      one core function and renders
#   sqlite-outside     nothing outside src/store/sqlite/ names SQLite
#   store-core-include the store does not include core (no store → core cycle)
#   sql-json           the store hands back data: no JSON built in SQL
#                      (json_object, json_array, json_group_array, json_group_object)
#   ref-forged         a scoped reference (struct …_ref) is made only by the
#                      store's scoped reads, never built by a caller
# scripts/layers-allow.txt lists "rule file" pairs still waiting for their
# move; a pair listed that no longer breaks its rule is an error too, so the
# list only shrinks.
set -u
cd "$(dirname "$0")/.." || exit 2
allow=scripts/layers-allow.txt
found=$(mktemp)
trap 'rm -f "$found"' EXIT

hit() { # rule, then the files that break it on stdin
	while read -r f; do [ -n "$f" ] && echo "$1 $f"; done >>"$found"
}

grep -l '#include "store/' src/api/*.c src/api/*.h 2>/dev/null | hit api-store-include
grep -lE '(^|[^a-z_>.])store_[a-z0-9_]+[[:space:]]*\(' src/api/*.c 2>/dev/null | hit api-store-call
grep -rlI 'sqlite3' src tests/unit tests/fuzz 2>/dev/null | grep -v '^src/store/sqlite/' |
	grep -v '^tests/unit/' | hit sqlite-outside
grep -rl '#include "core/' src/store 2>/dev/null | hit store-core-include
grep -rliE '\bjson_(object|array|group_array|group_object)[[:space:]]*\(' src/store 2>/dev/null |
	grep -v '^src/store/sqlite/migrations/' | hit sql-json
grep -rlE '\(struct [a-z_]+_ref\)[[:space:]]*\{|struct [a-z_]+_ref[[:space:]]+[a-z_]+[[:space:]]*=[[:space:]]*\{' src | grep -v '^src/store/' | hit ref-forged

sort -u -o "$found" "$found"
status=0
if [ -f "$allow" ]; then
	listed=$(grep -v '^#' "$allow" | grep -v '^$' | sort -u)
else
	listed=
fi
new=$(echo "$listed" | comm -13 - "$found")
gone=$(echo "$listed" | comm -23 - "$found" | grep -v '^$')
if [ -n "$new" ]; then
	echo "check-layers: these files break the layers (docs/ARCHITECTURE.md, \"Layers\"):"
	echo "$new" | sed 's/^/  /'
	status=1
fi
if [ -n "$gone" ]; then
	echo "check-layers: these no longer break their rule; take them off $allow:"
	echo "$gone" | sed 's/^/  /'
	status=1
fi
[ $status -eq 0 ] && echo "check-layers: $(wc -l <"$found") pairs still listed in $allow, no new one"
exit $status
