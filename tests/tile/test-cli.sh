#!/bin/sh
# test-cli.sh MAMBAIR BIN_COMPARE — `mambair tensor` with --tile/--overlap.
# A tile at least as large as the image is the whole image (bit-identical);
# small tiles differ from it (the scan sees only the tile) but stay close.
# Then `mambair bench --sweep`: one row per tile size with its grid.
set -u
mambair=$1
compare=$2
vec=tiny_dn_rgb
dir=
for root in "${MAMBAIR_TESTDATA:-}" "${MAMBAIR_SHARED:-}"; do
    if [ -n "$root" ] && [ -f "$root/golden/$vec/model.pth" ]; then dir=$root/golden/$vec; break; fi
done
if [ -z "$dir" ]; then echo "no golden model $vec: skipped"; exit 77; fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
shape=3,24,19
run() { # name, extra arguments...
    name=$1; shift
    if ! "$mambair" tensor -m "$dir/model.pth" -i "$dir/input.bin" --shape $shape \
        -o "$tmp/$name.bin" --threads 1 "$@" 2>"$tmp/$name.err"; then
        echo "FAIL mambair tensor $*: $(cat "$tmp/$name.err")"; exit 1
    fi
}
run whole
"$compare" "$tmp/whole.bin" "$dir/output.bin" max-abs 1e-4 || exit 1
run big --tile 64 --overlap 8
cmp -s "$tmp/whole.bin" "$tmp/big.bin" || { echo "FAIL --tile 64 on 19x24 is not the whole image"; exit 1; }
# 12 px tiles of a 19x24 image: 2x3 tiles, far from the whole image's context.
# Measured 41.7 dB (overlap 4) and 44.6 dB (overlap 6) against the whole image.
run t12 --tile 12 --overlap 4
"$compare" "$tmp/t12.bin" "$tmp/whole.bin" psnr 35 80 || exit 1
run t12b --tile 12 --overlap 6
"$compare" "$tmp/t12b.bin" "$tmp/whole.bin" psnr 35 80 || exit 1
# an overlap larger than the tile is limited to half the tile, not an error
run t12c --tile 12 --overlap 100
"$compare" "$tmp/t12c.bin" "$tmp/t12b.bin" max-abs 0 || exit 1

# bench --sweep on 19x24: 12 px tiles make a 2x3 grid, the whole image 1x1;
# -n 0 prints the plans only, and only with --sweep
sweep() { # runs
    "$mambair" bench -m "$dir/model.pth" --sweep --size 19x24 --tiles 0,12,-1 -n "$1" -t 1 \
        >"$tmp/sweep.out" 2>&1 || { echo "FAIL bench --sweep -n $1: $(cat "$tmp/sweep.out")"; exit 1; }
    grep -q '^12  *12x12  *2x3 ' "$tmp/sweep.out" || { echo "FAIL no 2x3 row:"; cat "$tmp/sweep.out"; exit 1; }
    grep -q '^whole  *19x24  *1x1 ' "$tmp/sweep.out" || { echo "FAIL no whole row:"; cat "$tmp/sweep.out"; exit 1; }
    grep -q '^auto ' "$tmp/sweep.out" || { echo "FAIL no auto row:"; cat "$tmp/sweep.out"; exit 1; }
    grep -q '^CPU: ' "$tmp/sweep.out" || { echo "FAIL no machine state:"; cat "$tmp/sweep.out"; exit 1; }
}
sweep 1
awk '$1 == "12" && $4 + 0 <= 0 { bad = 1 } END { exit bad }' "$tmp/sweep.out" ||
    { echo "FAIL a timed row without a time:"; cat "$tmp/sweep.out"; exit 1; }
sweep 0
awk '$1 == "12" && $4 != "-" { bad = 1 } END { exit bad }' "$tmp/sweep.out" ||
    { echo "FAIL -n 0 ran:"; cat "$tmp/sweep.out"; exit 1; }
if "$mambair" bench -m "$dir/model.pth" -n 0 >/dev/null 2>&1; then
    echo "FAIL bench -n 0 without --sweep accepted"; exit 1
fi
echo "ok"
