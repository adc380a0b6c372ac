#!/bin/sh
# Runs libFuzzer targets: tests/fuzz/run.sh SECONDS TARGET...
# Each target (build/fuzz/TARGET) runs for SECONDS on a copy of its seed
# corpus (build/fuzz/corpus-TARGET, so the tree stays clean) and its count of
# executions is printed.  A crash fails the run, after the others have run,
# naming the reproducer (build/fuzz/crash-TARGET-*); replay it with
# build/fuzz/TARGET FILE.
set -u
seconds=$1
shift
failed=""
for t in "$@"; do
	corpus=build/fuzz/corpus-$t
	log=build/fuzz/$t.log
	rm -rf "$corpus"
	mkdir -p "$corpus"
	cp tests/fuzz/corpus/"$t"/* "$corpus"/
	if build/fuzz/"$t" "$corpus" -max_total_time="$seconds" -print_final_stats=1 \
		-timeout=25 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/crash-"$t"- >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz: $t: ${execs:-?} executions in ${seconds} s, no crash"
	else
		tail -n 40 "$log"
		reproducer=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
		echo "fuzz: $t FAILED: reproducer ${reproducer:-(none written)}, log $log;" \
			"replay with build/fuzz/$t ${reproducer:-FILE}"
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
