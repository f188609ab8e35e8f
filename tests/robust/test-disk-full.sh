#!/bin/sh
# test-disk-full.sh MAMBAIR ROBUST_IMAGE — a write that fails (disk full)
# leaves no half-written output: not the new file, not a temporary file, and
# an existing file of that name keeps its old content. Needs root to mount a
# 256 KiB tmpfs; otherwise only the /dev/full case runs.
set -u
exe=$1
img=$2
data=${MAMBAIR_TESTDATA:?}/golden
sr=$data/tiny_sr_x2_ps/model.safetensors
g=$data/tiny_sr_x2_ps
tmp=$(mktemp -d)
full=$tmp/full
mounted=0
cleanup() {
    [ "$mounted" = 1 ] && umount "$full"
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

# raw tensors to a device that is always full: an error, exit 1
if [ -w /dev/full ]; then
    if "$exe" tensor -m "$g/model.pth" -i "$g/input.bin" --shape 3,20,28 -o /dev/full 2>"$tmp/err"; then
        echo "FAIL: tensor -o /dev/full succeeded"; fail=1
    else
        echo "ok: tensor -o /dev/full: $(cat "$tmp/err")"
    fi
fi

mkdir "$full"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=256k tmpfs "$full" 2>/dev/null; then
    echo "SKIP: cannot mount a small tmpfs (needs root): the disk-full cases did not run"
    [ "$fail" = 0 ] && exit 77
    exit 1
fi
mounted=1

leftovers() { ls -A "$full" | grep -v '^keep\.' ; }

"$img" png "$tmp/big.png" 300 200 rgb 16      # x2, 16-bit: 1.4 MiB of pixels
"$img" png "$tmp/small.png" 40 30 rgb 8
for ext in png ppm tif jpg; do
    if "$exe" upscale -q -m "$sr" "$tmp/big.png" -o "$full/out.$ext" 2>"$tmp/err"; then
        echo "FAIL: .$ext on a full disk succeeded"; fail=1
    elif [ -n "$(leftovers)" ]; then
        echo "FAIL: .$ext on a full disk left: $(leftovers)"; fail=1
    else
        echo "ok: .$ext on a full disk: $(head -1 "$tmp/err")"
    fi
done
# an existing output keeps its content
printf 'old' > "$full/keep.png"
"$exe" upscale -q -m "$sr" "$tmp/big.png" -o "$full/keep.png" 2>/dev/null
if [ "$(cat "$full/keep.png")" != old ] || [ -n "$(leftovers)" ]; then
    echo "FAIL: a failed write changed the existing file or left files"; fail=1
else
    echo "ok: existing output untouched by a failed write"
fi
# raw tensors: fill the disk so the output (13 KiB) cannot fit
"$exe" tensor -m "$g/model.pth" -i "$g/input.bin" --shape 3,20,28 -o "$full/keep.bin"
cp "$full/keep.bin" "$tmp/keep.bin"
dd if=/dev/zero of="$full/keep.fill" bs=1k count=1024 2>/dev/null
if "$exe" tensor -m "$g/model.pth" -i "$g/input.bin" --shape 3,20,28 -o "$full/keep.bin" 2>"$tmp/err"; then
    echo "FAIL: tensor on a full disk succeeded"; fail=1
elif ! cmp -s "$full/keep.bin" "$tmp/keep.bin" || [ -n "$(leftovers)" ]; then
    echo "FAIL: tensor on a full disk changed the old output or left files: $(leftovers)"; fail=1
else
    echo "ok: tensor on a full disk: $(cat "$tmp/err"); old output kept"
fi
rm -f "$full"/keep.*
# a small image fits: written, and nothing else left
if "$exe" upscale -q -m "$sr" "$tmp/small.png" -o "$full/small.png" 2>"$tmp/err" &&
    [ "$(ls -A "$full")" = small.png ]; then
    echo "ok: a small image still fits"
else
    echo "FAIL: small image: $(cat "$tmp/err"); files: $(ls -A "$full")"; fail=1
fi
exit $fail
