#!/bin/sh
# test-eval.sh — `mambair eval` and `mambair bench` end to end on a tiny
# generated dataset: table layout, mean row, summary row, exit codes.
# Usage: test-eval.sh MAMBAIR IMAGE_TOOL
MB="$1"
IT="$2"
fail=0
check() {
    if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/set/HR" "$T/clean"
"$IT" make "$T/set/HR/a.png" 37 29 3 0 u8 && "$IT" make "$T/set/HR/b.png" 24 24 1 0 u8 &&
"$IT" make "$T/clean/c.png" 30 22 3 0 u8 || { echo "FAIL: cannot make test images"; exit 1; }

"$MB" eval --help | grep -q -- "--hr"; check "eval --help" 0 $?
"$MB" eval --task sr --hr "$T/set/HR" >/dev/null 2>&1; check "eval without -s: usage error" 2 $?
"$MB" eval --task nope >/dev/null 2>&1; check "eval bad task: usage error" 2 $?

# baseline only: needs no model
"$MB" eval -q --task sr -s 2 --hr "$T/set/HR" --bicubic >"$T/out" 2>&1; check "eval --bicubic status" 0 $?
check "table header" "| image | bicubic PSNR | bicubic SSIM |" "$(sed -n 1p "$T/out")"
check "rows: 2 images + mean" "3" "$(grep -c '^| \(a\|b\|\*\*mean\*\*\) |' "$T/out")"
grep -q "^| set | SR x2 | " "$T/out"; check "summary row names the dataset (parent of HR)" 0 $?
grep -q "^Command: mambair eval -q --task sr -s 2 --hr $T/set/HR --bicubic" "$T/out"; check "command echoed" 0 $?

find_model() {
    for d in "$MAMBAIR_SOURCE_ROOT/tests/data/golden/$1" "$MAMBAIR_SHARED/golden/$1"; do
        if [ -f "$d/model.pth" ]; then echo "$d/model.pth"; return; fi
    done
}
SR=$(find_model tiny_sr_x2_ps)
DN=$(find_model tiny_dn_rgb)
if [ -n "$SR" ] && [ -n "$DN" ]; then
    "$MB" eval -q --task sr -s 2 --hr "$T/set/HR" -m "$SR" >"$T/out" 2>&1; check "eval SR with a model" 0 $?
    check "model columns" "| image | bicubic PSNR | bicubic SSIM | model PSNR | model SSIM |" "$(sed -n 1p "$T/out")"
    "$MB" eval -q --task sr -s 3 --hr "$T/set/HR" -m "$SR" >/dev/null 2>&1; check "eval scale mismatch" 2 $?
    "$MB" eval -q --task denoise --sigma 25 --clean "$T/clean" -m "$DN" --tiling engine >"$T/out" 2>&1
    check "eval denoise" 0 $?
    check "denoise header" "| image | noisy PSNR | noisy SSIM | model PSNR | model SSIM |" "$(sed -n 1p "$T/out")"
    grep -q "^| clean | denoise s25 | " "$T/out"; check "denoise summary row" 0 $?
    # sigma 25 noise on 8 bits: PSNR of the noisy image is about 20.2 dB
    p=$(grep '^| c |' "$T/out" | cut -d'|' -f3 | tr -d ' ')
    check "noisy PSNR near 20.2 dB" "yes" "$(echo "$p" | awk '{print ($1 > 19.5 && $1 < 21.0) ? "yes" : "no"}')"
    "$MB" bench -m "$SR" --size 16x12 -n 3 -t 1 >"$T/out" 2>&1; check "bench status" 0 $?
    grep -q "^median: " "$T/out"; check "bench prints the median" 0 $?
else
    echo "note: golden models absent, model runs not tested"
fi
# noise clipped to the pixel range, as a file holds it: the same 8-bit
# baseline (rounding to 8 bits clips anyway), another input for the model
if [ -n "$DN" ]; then
    "$MB" eval -q --task denoise --sigma 50 --clean "$T/clean" -m "$DN" --tiling engine >"$T/out" 2>&1
    check "eval sigma 50" 0 $?
    "$MB" eval -q --task denoise --sigma 50 --clean "$T/clean" -m "$DN" --tiling engine --clip-noise >"$T/outc" 2>&1
    check "eval --clip-noise" 0 $?
    grep -q "^| clean | denoise s50 clipped | " "$T/outc"; check "clipped summary row" 0 $?
    check "same noisy baseline" "$(grep '^| c |' "$T/out" | cut -d'|' -f3)" "$(grep '^| c |' "$T/outc" | cut -d'|' -f3)"
    mu=$(grep '^| c |' "$T/out" | cut -d'|' -f5 | tr -d ' ')
    mc=$(grep '^| c |' "$T/outc" | cut -d'|' -f5 | tr -d ' ')
    check "the model sees clipped noise ($mc vs $mu dB)" "yes" "$(echo "$mc $mu" | awk '{print ($1 != $2) ? "yes" : "no"}')"
fi
# a bad file in the dataset: the others are measured, status 1
echo junk > "$T/set/HR/z.png"
"$MB" eval -q --task sr -s 2 --hr "$T/set/HR" --bicubic >"$T/out" 2>"$T/err"; check "eval with a bad file" 1 $?
check "bad file: two rows still" "2" "$(grep -c '^| \(a\|b\) |' "$T/out")"
exit $fail
