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
# the trainer's forward (in the grad file) equals the inference engine's
raw=$(mktemp /tmp/mambair-out-XXXXXX.bin)
trap 'rm -f "$out" "$raw"' EXIT
for v in tiny_dn_rgb:3,24,19 tiny_lightsr_x4_psd:3,16,21; do
    name=${v%%:*}
    shape=${v#*:}
    dv="$MAMBAIR_TESTDATA/grad/$name"
    "$mambair" tensor -m "$dv/model.safetensors" -i "$dv/input.bin" --shape "$shape" -o "$raw"
    "$mambair" grad -m "$dv/model.safetensors" -i "$dv/input.bin" --shape "$shape" \
        -t "$dv/target.bin" --loss l1 -o "$out" > /dev/null
    "$check" --same-output "$out" "$raw"
done
# usage errors are reported, not crashes
if "$mambair" grad -m "$d/model.safetensors" -i "$d/input.bin" --shape 3,24,18 \
    -t "$d/target.bin" -o "$out" 2>/dev/null; then
    echo "FAIL: wrong --shape accepted"; exit 1
fi
echo ok
