#!/bin/sh
# test-info.sh MAMBAIR — `mambair info` on golden models and a non-model.
set -u
exe=$1
data=${MAMBAIR_TESTDATA:?}/golden
fail=0
check() { # model, expected lines (grep -F each)
    m=$1; shift
    out=$("$exe" info "$data/$m") || { echo "FAIL: info $m exited $?"; fail=1; return; }
    for want in "$@"; do
        printf '%s\n' "$out" | grep -qF -- "$want" || { echo "FAIL: info $m lacks '$want'"; printf '%s\n' "$out"; fail=1; }
    done
}
check real_lightsr_x2/model.pth "parameters:   905016" "scale:        x2" "embed dim:    60" \
    "groups:       4, depths [6,6,6,6]" "d_state:      10" "d_inner:      72" "dt_rank:      4" \
    "pixelshuffledirect" "light (1x1" "format:       PyTorch" "BLAS:"
check tiny_sr_x3_ps/model.safetensors "parameters:   447982" "scale:        x3" "embed dim:    36" \
    "groups:       2, depths [2,1]" "d_inner:      54" "pixelshuffle (classic" "format:       safetensors"
check tiny_car_gray/model.pth "parameters:   28926" "channels:     1 (gray)" "task:         denoise" \
    "scale:        x1"
check tiny_sr_x4_ps/model.pth "parameters:   352782" "scale:        x4"
if "$exe" info "$data/tiny_sr_x2_ps/input.bin" 2>/dev/null; then echo "FAIL: info accepted a non-model"; fail=1; fi
if "$exe" info 2>/dev/null; then echo "FAIL: info without a file succeeded"; fail=1; fi
exit $fail
