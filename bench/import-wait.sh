#!/bin/sh
# The longest wait of a small write beside a 32 MiB import: see
# bench/import-wait.mjs.  SIBAI_BIN (default build/release/sibai), IMPORT_MIB
# (default 31, under the 32 MiB body limit).
set -eu
cd "$(dirname "$0")/.."
exec node bench/import-wait.mjs
