#!/bin/sh
# test-batch-mixed.sh MAMBAIR ROBUST_IMAGE — one batch of 20 files, 11 good
# (every format read, a PNG named .jpg, two inputs of the same name, NaN in
# colour and alpha) and 9 bad (truncated PNG and JPEG, a folder, /dev/zero, a
# FIFO, PFM, BMP, text, a missing file): every good file is done, every bad
# one refused with a sentence naming it, the exit status is 1, and no file
# appears anywhere but the 11 results.
set -u
# absolute: the test works in its own folder (meson gives build-relative paths)
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
exe=$(abs "$1")
img=$(abs "$2")
sr=${MAMBAIR_TESTDATA:?}/golden/tiny_sr_x2_ps/model.safetensors
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
cd "$T" || exit 1
mkdir in out
cd in
# good: name -> expected "W H CHANNELS ALPHA" of the result
"$img" png rgb8.png 20 14 rgb 8
"$img" png rgb16.png 18 12 rgb 16
"$img" png gray.png 16 10 gray 8
"$img" png rgba.png 14 12 rgba 8
"$img" gegl-save photo.jpg 22 16
"$img" float float.tif 12 10
"$img" gegl-save pic.webp 10 8
"$img" gegl-save pic.ppm 12 8
cp rgb8.png png-named.jpg
mkdir sub && "$img" png sub/rgb8.png 10 6 rgb 8
"$img" float-alpha alpha-nan.exr 12 9
good="rgb8.png:40 28 3 0
rgb16.png:36 24 3 0
gray.png:32 20 1 0
rgba.png:28 24 3 1
photo.jpg:44 32 3 0
float.tif:24 20 3 0
pic.webp:20 16 3 0
pic.ppm:24 16 3 0
png-named.jpg:40 28 3 0
rgb8-2.png:20 12 3 0
alpha-nan.exr:24 18 3 1"
# bad
size=$(wc -c < rgb16.png); head -c $((size / 2)) rgb16.png > trunc.png
size=$(wc -c < photo.jpg); head -c $((size / 2)) photo.jpg > trunc.jpg
mkdir folder.png
mkfifo fifo.png
printf 'PF\n2 2\n-1.0\n' > x.pfm; head -c 48 /dev/zero >> x.pfm
printf 'BM' > x.bmp; head -c 100 /dev/zero >> x.bmp
echo "not an image" > text.png
bad="trunc.png trunc.jpg folder.png zero fifo.png x.pfm x.bmp text.png missing.png"
before=$(ls -AR .)
cd ..
timeout -s KILL 600 "$exe" upscale -m "$sr" in/rgb8.png in/trunc.png in/rgb16.png in/trunc.jpg in/gray.png \
    in/folder.png in/rgba.png /dev/zero in/photo.jpg in/fifo.png in/float.tif in/x.pfm in/pic.webp \
    in/x.bmp in/pic.ppm in/text.png in/png-named.jpg in/missing.png in/sub/rgb8.png in/alpha-nan.exr \
    -o out >log 2>&1
st=$?
[ "$st" = 1 ] && echo "ok: exit status 1" || { echo "FAIL: exit status $st"; fail=1; }
grep -q "11 of 20 image(s) done, 9 failed" log && echo "ok: $(grep 'of 20' log)" ||
    { echo "FAIL: summary: $(tail -1 log)"; fail=1; }
echo "$good" | while IFS=: read -r name want; do
    got=$("$img" check "out/$name" 2>&1 | cut -d' ' -f1-4)
    [ "$got" = "$want" ] && echo "ok: $name done ($got)" || { echo "FAIL: $name: '$got', want '$want'"; echo x >> failed; }
done
[ -e failed ] && fail=1 && rm failed
for name in $bad; do
    line=$(grep "] $name: FAILED: " log)
    if [ -n "$line" ] && [ "$(echo "$line" | wc -l)" = 1 ] && echo "$line" | grep -q "$name: [a-zA-Z]"; then
        echo "ok: $line"
    else
        echo "FAIL: $name not refused with a sentence: '$line'"; fail=1
    fi
done
want_out=$(echo "$good" | cut -d: -f1 | sort)
if [ "$(ls -A out | sort)" = "$want_out" ]; then echo "ok: the output folder holds the 11 results and nothing else"
else echo "FAIL: output folder: $(ls -A out | tr '\n' ' ')"; fail=1; fi
if [ "$(cd in && ls -AR .)" = "$before" ]; then echo "ok: the input folder is unchanged"
else echo "FAIL: the input folder changed"; fail=1; fi
if [ "$(ls -A . | tr '\n' ' ')" = "in log out " ]; then echo "ok: nothing else written beside them"
else echo "FAIL: stray files: $(ls -A .)"; fail=1; fi
[ "$fail" = 0 ] || cat log
cd /
exit $fail
