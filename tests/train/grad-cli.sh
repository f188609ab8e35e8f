#!/bin/sh
# grad-cli.sh MAMBAIR TEST_GRAD_GOLDEN: `mambair grad` on a tiny vector of
# tests/data/grad, its output checked against the official gradients.
set -e
mambair="$1"
check="$2"
d="$MAMBAIR_TESTDATA/grad/tiny_dn_rgb"
out=$(mktemp /tmp/mambair-grad-XXXXXX.safetensors)
trap 'rm -f "$out"' EXIT
"$mambair" grad -m "$d/model.safetensors" -i "$d/input.bin" --shape 3,24,19 \
    -t "$d/target.bin" --loss charbonnier:1e-3 -o "$out"
"$check" tiny_dn_rgb charb1e-3 charbonnier:1e-3 "$out"
# usage errors are reported, not crashes
if "$mambair" grad -m "$d/model.safetensors" -i "$d/input.bin" --shape 3,24,18 \
    -t "$d/target.bin" -o "$out" 2>/dev/null; then
    echo "FAIL: wrong --shape accepted"; exit 1
fi
echo ok
