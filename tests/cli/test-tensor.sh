#!/bin/sh
# test-tensor.sh MAMBAIR F32_COMPARE — `mambair tensor` on every golden vector
# (official outputs, max |d| <= 1e-4), then the errors it must report.
set -u
exe=$1
cmp=$2
data=${MAMBAIR_TESTDATA:?}/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

run_vec() { # name C,H,W model-file [extra options]
    v=$1; shape=$2; model=$3; shift 3
    if ! "$exe" tensor -m "$data/$v/$model" -i "$data/$v/input.bin" --shape "$shape" \
            -o "$tmp/$v.bin" "$@"; then
        echo "FAIL: mambair tensor on $v ($model $*)"; fail=1; return
    fi
    "$cmp" "$tmp/$v.bin" "$data/$v/output.bin" 1e-4 || { echo "FAIL: $v ($model $*)"; fail=1; }
}
run_vec tiny_sr_x2_ps 3,20,28 model.pth
run_vec tiny_sr_x3_ps 3,17,23 model.pth --threads 1
run_vec tiny_sr_x4_ps 3,12,15 model.safetensors
run_vec tiny_lightsr_x4_psd 3,16,21 model.pth --threads 2
run_vec tiny_dn_rgb 3,24,19 model.pth
run_vec tiny_car_gray 1,18,22 model.safetensors
run_vec real_lightsr_x2 3,24,32 model.pth

expect_error() { # description, expected text in the message, command...
    what=$1; text=$2; shift 2
    if "$@" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL: $what: succeeded"; fail=1; return
    fi
    lines=$(wc -l <"$tmp/err")
    if ! grep -q -- "$text" "$tmp/err" || [ "$lines" -ne 1 ]; then
        echo "FAIL: $what: expected one line with '$text', got:"; cat "$tmp/err"; fail=1; return
    fi
    echo "ok: $what: $(cat "$tmp/err")"
}
v=$data/tiny_sr_x2_ps
expect_error "missing model" "no-such-model.pth" \
    "$exe" tensor -m "$tmp/no-such-model.pth" -i "$v/input.bin" --shape 3,20,28 -o "$tmp/o.bin"
expect_error "missing input" "no-such-input.bin" \
    "$exe" tensor -m "$v/model.pth" -i "$tmp/no-such-input.bin" --shape 3,20,28 -o "$tmp/o.bin"
expect_error "wrong shape" "--shape wants C,H,W" \
    "$exe" tensor -m "$v/model.pth" -i "$v/input.bin" --shape 3,20,28,1 -o "$tmp/o.bin"
expect_error "size mismatch" "has 6720 bytes, expected 7056" \
    "$exe" tensor -m "$v/model.pth" -i "$v/input.bin" --shape 3,21,28 -o "$tmp/o.bin"
expect_error "wrong channel count" "the input has 1 channels, the model wants 3" \
    "$exe" tensor -m "$v/model.pth" -i "$v/input.bin" --shape 1,20,84 -o "$tmp/o.bin"
expect_error "not a model" "" \
    "$exe" tensor -m "$v/input.bin" -i "$v/input.bin" --shape 3,20,28 -o "$tmp/o.bin"
expect_error "missing option" "required" "$exe" tensor -m "$v/model.pth"
"$exe" tensor --help | grep -q "Usage: mambair tensor" || { echo "FAIL: tensor --help"; fail=1; }
[ ! -e "$tmp/o.bin" ] || { echo "FAIL: an output was written on error"; fail=1; }
exit $fail
