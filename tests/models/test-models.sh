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
trap 'rm -rf "$tmp"' EXIT
cp "$src/data/samples/kodim23-crop.png" "$tmp/"

if ! "$bin" eval --help >/dev/null 2>&1; then
    echo "SKIP: this mambair has no image support (built without GEGL)"
    exit 77
fi

fail=0
check() { # label, margin (dB), eval arguments...
    label=$1 margin=$2
    shift 2
    row=$("$bin" eval "$@" -q -t 2 | grep '^|' | tail -n 1) || { echo "FAIL $label: eval failed"; fail=1; return; }
    # | set | task | base_psnr / base_ssim | model_psnr / model_ssim |
    base=$(echo "$row" | awk -F'|' '{split($4, a, "/"); print a[1] + 0}')
    got=$(echo "$row" | awk -F'|' '{split($5, a, "/"); print a[1] + 0}')
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
check "denoise-s50" 11.2 --task denoise --sigma 50 --clean "$tmp" -m "$models/denoise-s50.safetensors"
check "dejpeg-q20" 1.0 --task jpeg --quality 20 --clean "$tmp" -m "$models/dejpeg.safetensors"
exit $fail
