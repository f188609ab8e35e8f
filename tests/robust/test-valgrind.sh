#!/bin/sh
# test-valgrind.sh MAMBAIR SANITIZE — no leak and no memory error in
# `mambair info` and `mambair tensor` runs on golden models (zip and legacy
# .pth, safetensors) and on a refused file.
# "Definitely" and "indirectly" lost blocks fail the test; "possibly lost"
# blocks are the thread stacks of the process-wide worker pool and of
# OpenBLAS, which live until exit by design.
set -u
exe=$1
sanitize=${2:-none}
if [ "$sanitize" != none ]; then
    echo "SKIP: built with -Db_sanitize=$sanitize; valgrind cannot run sanitized programs"
    exit 77
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind is not installed"
    exit 77
fi
data=${MAMBAIR_TESTDATA:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

vg() { # description, expected exit status, command...
    what=$1; want=$2; shift 2
    valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --log-file="$tmp/vg.log" "$@" >"$tmp/out" 2>&1
    rc=$?
    if [ "$rc" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
        echo "FAIL: $what: valgrind reports:"; cat "$tmp/vg.log"; fail=1
    elif [ "$rc" -ne "$want" ]; then
        echo "FAIL: $what: exit status $rc, want $want"; cat "$tmp/out"; fail=1
    else
        echo "ok: $what"
    fi
}

g=$data/golden/tiny_sr_x2_ps
vg "info on a zip .pth" 0 "$exe" info "$g/model.pth"
vg "info on a safetensors file" 0 "$exe" info "$g/model.safetensors"
vg "info on a legacy .pth that is not a MambaIR model" 1 "$exe" info "$data/io/good/legacy-tiny.pth"
vg "info on a pickle that asks for os.system" 1 "$exe" info "$data/io/bad/os-system.pth"
vg "info on a truncated zip" 1 "$exe" info "$data/io/bad/truncated.zip"
vg "tensor, 2 threads" 0 "$exe" tensor -m "$g/model.pth" -i "$g/input.bin" --shape 3,20,28 \
    -o "$tmp/out.bin" --threads 2
vg "tensor, tiled" 0 "$exe" tensor -m "$g/model.safetensors" -i "$g/input.bin" --shape 3,20,28 \
    -o "$tmp/out.bin" --threads 1 --tile 16
vg "tensor with the wrong shape" 1 "$exe" tensor -m "$g/model.pth" -i "$g/input.bin" \
    --shape 3,20,29 -o "$tmp/out.bin"
exit $fail
