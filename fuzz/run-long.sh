#!/bin/sh
# run-long.sh — long libFuzzer runs, two targets at a time, at low priority.
#
#   CC=clang meson setup build-fuzz-long -Dfuzzing_engine=libfuzzer \
#     -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C build-fuzz-long
#   fuzz/run-long.sh build-fuzz-long OUT SECONDS target...
#
# Each target starts from fuzz/corpus/<target>/ and writes what it finds to
# OUT/<target>/new/ (never into the source tree: merge with -merge=1 after a
# review), crashes to OUT/<target>/crash-*, its log to OUT/<target>.log.
set -u
build=$1 out=$2 secs=$3
shift 3
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

run_one() {
    t=$1
    mkdir -p "$out/$t/new"
    nice -n 10 "$build/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$out/$t/" "$out/$t/new" "$src/corpus/$t" \
        > "$out/$t.log" 2>&1
    echo "$t exit $?" >> "$out/summary.txt"
}

# two at a time: the machine is shared
while [ $# -gt 0 ]; do
    run_one "$1" &
    a=$!
    b=
    if [ $# -gt 1 ]; then
        run_one "$2" &
        b=$!
        shift
    fi
    shift
    wait $a
    [ -n "$b" ] && wait $b
done
