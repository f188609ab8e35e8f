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
# JPEG artefacts: baseline columns with PSNR-B, quality orders the numbers
"$MB" eval -q --task jpeg --quality 10 --clean "$T/clean" --baseline >"$T/out" 2>&1; check "eval jpeg baseline" 0 $?
check "jpeg header" "| image | JPEG PSNR | JPEG SSIM | JPEG PSNR-B |" "$(sed -n 1p "$T/out")"
grep -q "^| clean | JPEG q10 | " "$T/out"; check "jpeg summary row" 0 $?
grep -q "^Metric: PSNR/SSIM/PSNR-B on RGB, no border, libjpeg standard tables, 4:2:0" "$T/out"
check "jpeg conventions named" 0 $?
# a photograph (the generated images are noise, poor JPEG material at any quality)
mkdir "$T/photo" && cp "$MAMBAIR_SOURCE_ROOT/data/samples/kodim23-crop.png" "$T/photo/k.png"
"$MB" eval -q --task jpeg --quality 10 --clean "$T/photo" --baseline >"$T/out" 2>&1
p10=$(grep '^| k |' "$T/out" | cut -d'|' -f3 | tr -d ' ')
"$MB" eval -q --task jpeg --quality 90 --clean "$T/photo" --baseline >"$T/out" 2>&1
p90=$(grep '^| k |' "$T/out" | cut -d'|' -f3 | tr -d ' ')
check "JPEG q90 closer than q10" "yes" "$(echo "$p10 $p90" | awk '{print ($2 > $1 + 3) ? "yes" : "no"}')"
"$MB" eval -q --task jpeg --quality 10 --clean "$T/clean" --baseline --gray >"$T/out" 2>&1
check "jpeg gray baseline" 0 $?
grep -q "^| clean | JPEG q10 gray | " "$T/out"; check "gray summary row" 0 $?
"$MB" eval -q --task jpeg --clean "$T/clean" --baseline >/dev/null 2>&1; check "jpeg without --quality" 2 $?
"$MB" eval -q --task jpeg --quality 101 --clean "$T/clean" --baseline >/dev/null 2>&1; check "jpeg quality 101" 2 $?
"$MB" eval -q --task sr -s 2 --hr "$T/set/HR" --quality 20 --bicubic >/dev/null 2>&1; check "--quality with sr" 2 $?
CAR=$(find_model tiny_car_gray)
if [ -n "$CAR" ] && [ -n "$DN" ]; then
    "$MB" eval -q --task jpeg --quality 20 --clean "$T/clean" -m "$CAR" >"$T/out" 2>&1; check "eval jpeg gray model" 0 $?
    check "jpeg model header" "| image | JPEG PSNR | JPEG SSIM | JPEG PSNR-B | model PSNR | model SSIM | model PSNR-B |" \
        "$(sed -n 1p "$T/out")"
    grep -q "^| clean | JPEG q20 gray | " "$T/out"; check "a gray model measures gray" 0 $?
    "$MB" eval -q --task jpeg --quality 20 --clean "$T/clean" -m "$DN" --tiling engine >"$T/out" 2>&1
    check "eval jpeg colour model" 0 $?
    grep -q "^| clean | JPEG q20 | " "$T/out"; check "a colour model measures RGB" 0 $?
    "$MB" eval -q --task jpeg --quality 20 --clean "$T/clean" -m "$SR" >/dev/null 2>&1; check "jpeg with an SR model" 2 $?
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
    # luminance noise: the same power (the noisy baseline within 0.5 dB of
    # the independent noise's), another input for the model
    "$MB" eval -q --task denoise --sigma 50 --clean "$T/clean" -m "$DN" --tiling engine --gray-noise >"$T/outg" 2>&1
    check "eval --gray-noise" 0 $?
    grep -q "^| clean | denoise s50 gray | " "$T/outg"; check "gray-noise summary row" 0 $?
    bu=$(grep '^| c |' "$T/out" | cut -d'|' -f3 | tr -d ' ')
    bg=$(grep '^| c |' "$T/outg" | cut -d'|' -f3 | tr -d ' ')
    check "gray noise of the same power ($bg vs $bu dB)" "yes" "$(echo "$bg $bu" | awk '{d = $1 - $2; print (d < 0.5 && d > -0.5) ? "yes" : "no"}')"
    mg=$(grep '^| c |' "$T/outg" | cut -d'|' -f5 | tr -d ' ')
    check "the model sees gray noise ($mg vs $mu dB)" "yes" "$(echo "$mg $mu" | awk '{print ($1 != $2) ? "yes" : "no"}')"
fi
# a bad file in the dataset: the others are measured, status 1
echo junk > "$T/set/HR/z.png"
"$MB" eval -q --task sr -s 2 --hr "$T/set/HR" --bicubic >"$T/out" 2>"$T/err"; check "eval with a bad file" 1 $?
check "bad file: two rows still" "2" "$(grep -c '^| \(a\|b\) |' "$T/out")"
exit $fail
