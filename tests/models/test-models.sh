#!/bin/sh
# Each built-in model loads and, on the sample image of data/samples, beats
# the baseline (bicubic for SR, the noisy input for denoise, the JPEG of
# quality 20 for dejpeg) by at least the margin recorded in
# data/models/MODELS.md ("Tests" section).
# Usage: test-models.sh MAMBAIR SOURCE_ROOT
set -eu
bin=$1
src=$2
models=$src/data/models
tmp=$(mktemp -d)
lrs=$(mktemp -d)
trap 'rm -rf "$tmp" "$lrs"' EXIT
cp "$src/data/samples/kodim23-crop.png" "$tmp/"

if ! "$bin" eval --help >/dev/null 2>&1; then
    echo "SKIP: this mambair has no image support (built without GEGL)"
    exit 77
fi

fail=0
# the summary row of an eval: | set | task | base_psnr / base_ssim | model_psnr / model_ssim |
eval_row() { "$bin" eval "$@" -q -t 2 | grep '^|' | tail -n 1; }
psnr_of() { echo "$1" | awk -F'|' -v n="$2" '{split($n, a, "/"); print a[1] + 0}'; } # row, column
check() { # label, margin (dB), eval arguments...
    label=$1 margin=$2
    shift 2
    row=$(eval_row "$@") || { echo "FAIL $label: eval failed"; fail=1; return; }
    base=$(psnr_of "$row" 4)
    got=$(psnr_of "$row" 5)
    if awk -v b="$base" -v g="$got" -v m="$margin" 'BEGIN { exit !(g - b >= m) }'; then
        echo "ok   $label: $got dB vs baseline $base dB (margin >= $margin)"
    else
        echo "FAIL $label: $got dB vs baseline $base dB, expected a margin >= $margin dB"
        fail=1
    fi
}

check "sr-x2" 3.3 --task sr -s 2 --hr "$tmp" -m "$models/sr-x2.safetensors"
check "sr-x3" 1.1 --task sr -s 3 --hr "$tmp" -m "$models/sr-x3.safetensors"
check "sr-x4" 0.7 --task sr -s 4 --hr "$tmp" -m "$models/sr-x4.safetensors"
check "denoise-s15" 8.0 --task denoise --sigma 15 --clean "$tmp" -m "$models/denoise-s15.safetensors"
check "denoise-s25" 9.5 --task denoise --sigma 25 --clean "$tmp" -m "$models/denoise-s25.safetensors"
check "denoise-s50" 11.3 --task denoise --sigma 50 --clean "$tmp" -m "$models/denoise-s50.safetensors"
# luminance noise (the same in R, G and B), as cameras make it: the denoisers
# trained on independent noise alone left it almost untouched
check "denoise-s25, luminance noise" 7.3 --task denoise --sigma 25 --gray-noise --clean "$tmp" -m "$models/denoise-s25.safetensors"
check "dejpeg-q20" 1.5 --task jpeg --quality 20 --clean "$tmp" -m "$models/dejpeg.safetensors"

# the photo enlargers, where shipped: on the sample degraded as a photo
# (blur, resize, noise, JPEG, twice; the seeded set of `mambair degrade`),
# above bicubic and above the clean model of the same scale
for s in 2 3 4; do
    photo=$models/photo-x$s.safetensors
    [ -f "$photo" ] || continue
    "$bin" degrade -q --seed 1 -s "$s" "$tmp" "$lrs/photo-x$s" || { echo "FAIL photo-x$s: degrade failed"; fail=1; continue; }
    # measured: x2 +0.25 / +0.39, x3 +0.16 / +0.17, x4 -0.03 / +0.08 (the x4 input is 32x24,
    # nearly all border: level with bicubic, where the whole sets gain 0.4
    # to 0.5 dB); the clean model itself is -0.14 (x2), -0.01 (x3) and -0.11
    # (x4) under bicubic, so either check fails for it
    case $s in
    2) over_bicubic=0.2 over_clean=0.3 ;;
    3) over_bicubic=0.1 over_clean=0.1 ;;
    4) over_bicubic=-0.05 over_clean=0.05 ;;
    esac
    # check leaves the photo model's PSNR in $got (empty: its eval failed)
    got=""
    check "photo-x$s" "$over_bicubic" --task sr -s "$s" --hr "$tmp" --lr "$lrs/photo-x$s" -m "$photo"
    [ -n "$got" ] || continue
    clean=$(psnr_of "$(eval_row --task sr -s "$s" --hr "$tmp" --lr "$lrs/photo-x$s" -m "$models/sr-x$s.safetensors")" 5)
    if awk -v c="$clean" -v g="$got" -v m="$over_clean" 'BEGIN { exit !(g - c >= m) }'; then
        echo "ok   photo-x$s: $got dB vs the clean sr-x$s $clean dB (margin >= $over_clean)"
    else
        echo "FAIL photo-x$s: $got dB vs the clean sr-x$s $clean dB, expected a margin >= $over_clean dB"
        fail=1
    fi
done
exit $fail
