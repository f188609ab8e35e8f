#!/bin/sh
# short-run.sh FUZZER CORPUS SECONDS — a short libFuzzer run for the test
# suite (libFuzzer builds only). New inputs go to a scratch folder, never
# into the source corpus; a crash fails the test and leaves crash-* there.
set -u
fuzzer=$1 corpus=$2 secs=$3
out=$(mktemp -d "${TMPDIR:-/tmp}/mambair-fuzz-XXXXXX")
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$out/" "$out" "$corpus" > "$out.log" 2>&1
rc=$?
tail -n 12 "$out.log"
rm -f "$out.log"
if ls "$out" | grep -q -E '^(crash|leak|timeout|oom)-'; then
    echo "FAIL: findings kept in $out"
    exit 1
fi
rm -rf "$out"
exit $rc
