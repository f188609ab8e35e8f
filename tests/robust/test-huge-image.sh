#!/bin/sh
# test-huge-image.sh MAMBAIR ROBUST_IMAGE SANITIZE — a 20000x20000 gray image
# denoised by the tiny gray golden model with --memory 512M: the engine tiles
# within the budget and the run finishes. Suite 'slow' (about 40 min on two
# busy cores). Peak RSS must stay within the image buffers the CLI holds
# (input, working copy, output, save buffer: 4 float planes + 8-bit copy)
# plus the budget plus 1 GiB.
set -u
exe=$1
img=$2
sanitize=${3:-none}
if [ "$sanitize" != none ]; then
    echo "SKIP: peak RSS means nothing under -Db_sanitize=$sanitize"
    exit 77
fi
if [ ! -x /usr/bin/time ]; then
    echo "SKIP: /usr/bin/time (GNU time) is not installed"
    exit 77
fi
model=${MAMBAIR_TESTDATA:?}/golden/tiny_car_gray/model.safetensors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
W=20000
"$img" png "$tmp/huge.png" $W $W gray 8 || { echo "FAIL: cannot make the image"; exit 1; }
if ! /usr/bin/time -f '%M' -o "$tmp/rss" "$exe" denoise -q -m "$model" --memory 512M \
        "$tmp/huge.png" -o "$tmp/out.png" 2>"$tmp/err"; then
    echo "FAIL: denoise: $(cat "$tmp/err")"; exit 1
fi
got=$("$img" check "$tmp/out.png")
case "$got" in
"$W $W 1 0 u8 0"*) ;;
*) echo "FAIL: output is '$got'"; exit 1 ;;
esac
rss_kib=$(tail -n 1 "$tmp/rss")
limit_kib=$(( (4 * W * W * 4 + W * W + 512 * 1048576 + 1073741824) / 1024 ))
echo "20000x20000 gray, --memory 512M: peak RSS $((rss_kib / 1024)) MiB (limit $((limit_kib / 1024)) MiB)"
[ "$rss_kib" -le "$limit_kib" ] || { echo "FAIL: peak RSS above the limit"; exit 1; }
echo ok
