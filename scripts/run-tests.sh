#!/usr/bin/env bash
# Build and run the whole test suite: unit, golden, CLI, fuzz-corpus replay and
# the end-to-end tests in headless GIMP (those skip, saying why, when GIMP is
# not installed). Usage: scripts/run-tests.sh [BUILD_DIR]
# MAMBAIR_FULL_TESTS=1 adds the suite "slow" (a 20000x20000 image, ~40 min).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" --buildtype=release
fi
meson compile -C "$build"
meson test -C "$build" --print-errorlogs --num-processes 2 ${MAMBAIR_FULL_TESTS:+--setup full}
