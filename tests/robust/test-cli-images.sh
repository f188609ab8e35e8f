#!/bin/sh
# test-cli-images.sh MAMBAIR ROBUST_IMAGE SANITIZE — awkward images through
# `mambair upscale` / `denoise` with tiny golden models: 1x1, 1xN, Nx1, gray,
# gray+alpha, indexed, 16-bit, float outside 0..1 with NaN/Inf pixels; a
# memory budget that cannot be met; a 20000x20000 image refused from its
# header before anything is decoded.
set -u
exe=$1
img=$2
sanitize=${3:-none}
data=${MAMBAIR_TESTDATA:?}/golden
sr=$data/tiny_sr_x2_ps/model.safetensors
gray=$data/tiny_car_gray/model.safetensors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# upscale/denoise IN OUT MODEL then check the output: "W H CH ALPHA TYPE NONFINITE ..."
expect() { # description, command (upscale|denoise), input, output, model, expected check prefix
    what=$1; cmd=$2; in=$3; out=$4; model=$5; want=$6
    if ! "$exe" "$cmd" -q -m "$model" "$in" -o "$out" 2>"$tmp/err"; then
        echo "FAIL: $what: $(cat "$tmp/err")"; fail=1; return
    fi
    got=$("$img" check "$out")
    case "$got" in
    "$want"*) echo "ok: $what: $got" ;;
    *) echo "FAIL: $what: output is '$got', want '$want...'"; fail=1 ;;
    esac
}

"$img" png "$tmp/1x1.png" 1 1 rgb 8
expect "1x1 RGB" upscale "$tmp/1x1.png" "$tmp/o-1x1.png" "$sr" "2 2 3 0 u8 0"
"$img" png "$tmp/1xN.png" 1 37 rgb 8
expect "1x37" upscale "$tmp/1xN.png" "$tmp/o-1xN.png" "$sr" "2 74 3 0 u8 0"
"$img" png "$tmp/Nx1.png" 41 1 rgb 8
expect "41x1" upscale "$tmp/Nx1.png" "$tmp/o-Nx1.png" "$sr" "82 2 3 0 u8 0"
"$img" png "$tmp/gray.png" 23 17 gray 8
expect "gray, RGB model" upscale "$tmp/gray.png" "$tmp/o-gray.png" "$sr" "46 34 1 0 u8 0"
expect "gray, gray model" denoise "$tmp/gray.png" "$tmp/o-gray-dn.png" "$gray" "23 17 1 0 u8 0"
"$img" png "$tmp/graya.png" 23 17 graya 8
expect "gray+alpha" upscale "$tmp/graya.png" "$tmp/o-graya.png" "$sr" "46 34 1 1 u8 0"
"$img" png "$tmp/gray16.png" 19 13 gray 16
expect "16-bit gray" upscale "$tmp/gray16.png" "$tmp/o-gray16.png" "$sr" "38 26 1 0 u16 0"
"$img" png "$tmp/rgba16.png" 19 13 rgba 16
expect "16-bit RGBA" upscale "$tmp/rgba16.png" "$tmp/o-rgba16.png" "$sr" "38 26 3 1 u16 0"
# indexed: GEGL decodes the palette to RGB; the result is a true-colour file
# (a palette cannot hold the restored colours), see docs/security.md
"$img" png "$tmp/indexed.png" 21 15 indexed 8
expect "indexed" upscale "$tmp/indexed.png" "$tmp/o-indexed.png" "$sr" "42 30 3 0 u8 0"
# float: values outside 0..1 are kept (no clamp); NaN/Inf pixels are read as 0
"$img" float "$tmp/float.tif" 24 18
expect "float with NaN/Inf" upscale "$tmp/float.tif" "$tmp/o-float.tif" "$sr" "48 36 3 0 float 0"
range=$("$img" check "$tmp/o-float.tif" | awk '{ print ($7 < 0 && $8 > 1) ? "wide" : "narrow" }')
[ "$range" = wide ] || { echo "FAIL: float output was clamped to 0..1"; fail=1; }

refused() { # description, text the one-line message must hold, output that must not exist, command...
    what=$1; text=$2; out=$3; shift 3
    if "$@" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL: $what: succeeded"; fail=1; return
    fi
    if ! grep -q -- "$text" "$tmp/err"; then
        echo "FAIL: $what: no '$text' in:"; cat "$tmp/err"; fail=1; return
    fi
    if [ -e "$out" ] || ls "$(dirname "$out")" | grep -q partial; then
        echo "FAIL: $what: an output file was left"; fail=1; return
    fi
    echo "ok: $what: $(grep -- "$text" "$tmp/err" | head -1)"
}
"$img" png "$tmp/mid.png" 300 200 rgb 8
refused "--memory 1M" "memory budget" "$tmp/o-mid.png" "$exe" upscale -q -m "$sr" --memory 1M "$tmp/mid.png" -o "$tmp/o-mid.png"
refused "--memory 1M --tile -1" "memory budget" "$tmp/o-mid.png" "$exe" upscale -q -m "$sr" --memory 1M --tile -1 "$tmp/mid.png" -o "$tmp/o-mid.png"
printf 'not an image' > "$tmp/fake.png"
refused "not an image" "fake.png" "$tmp/o-fake.png" "$exe" upscale -q -m "$sr" "$tmp/fake.png" -o "$tmp/o-fake.png"

# 20000x20000 x2 -> 1.6 G output pixels: refused from the header. The
# address-space limit proves nothing big was allocated on the way (not under
# sanitizers, which reserve terabytes of address space).
"$img" png "$tmp/huge.png" 20000 20000 gray 8
if [ "$sanitize" = none ]; then
    refused "20000x20000 x2 (1 GiB address space)" "larger than" "$tmp/o-huge.png" \
        sh -c 'ulimit -v 1048576; exec "$@"' sh "$exe" upscale -q -m "$sr" "$tmp/huge.png" -o "$tmp/o-huge.png"
else
    refused "20000x20000 x2" "larger than" "$tmp/o-huge.png" \
        "$exe" upscale -q -m "$sr" "$tmp/huge.png" -o "$tmp/o-huge.png"
fi
exit $fail
