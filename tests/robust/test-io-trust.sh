#!/bin/sh
# test-io-trust.sh MAMBAIR ROBUST_IMAGE — every way an input or an output of
# `mambair upscale`/`denoise` can be wrong, as a careless or hostile user
# would try it: truncated PNG/JPEG, a folder, /dev/zero, a FIFO, a PNG called
# .jpg, a format without a GEGL loader, NaN alpha; outputs that would
# overwrite an input or each other, a file-size limit during every saver,
# stale temporary files, signals; --memory and --sigma; a model whose weights
# overflow; FIFO model files. Each case names what it checks.
set -u
# absolute: the test works in its own folder (meson gives build-relative paths)
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
exe=$(abs "$1")
img=$(abs "$2")
data=${MAMBAIR_TESTDATA:?}/golden
sr=$data/tiny_sr_x2_ps/model.safetensors
dn=$data/tiny_dn_rgb/model.safetensors
T=$(mktemp -d)
bg=
cleanup() {
    [ -n "$bg" ] && kill -9 "$bg" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
# a FIFO or a hang must not stall the test: every run has a time limit
run() { timeout -s KILL 120 "$@"; }
# files in a folder other than those expected (temporary, partial, GIO's)
strays() { ls -A "$1" | grep -E 'partial|goutputstream|mambair-' ; }

cd "$T" || exit 1
"$img" png good.png 40 30 rgb 8
"$img" png big.png 300 200 rgb 16
"$img" gegl-save good.jpg 40 30 || { echo "FAIL: cannot make a JPEG"; exit 1; }
size=$(wc -c < good.png); head -c $((size / 2)) good.png > trunc.png
size=$(wc -c < good.jpg); head -c $((size / 2)) good.jpg > trunc.jpg

# refused(description, text the message must hold, output that must not exist, command...)
refused() {
    what=$1; text=$2; out=$3; shift 3
    if run "$@" >log 2>&1; then bad "$what: succeeded"; return; fi
    if ! grep -q -- "$text" log; then bad "$what: no '$text' in: $(cat log)"; return; fi
    if [ -e "$out" ]; then bad "$what: an output was written"; return; fi
    if [ -n "$(strays "$(dirname "$out")")" ]; then bad "$what: left $(strays "$(dirname "$out")")"; return; fi
    ok "$what: $(grep -- "$text" log | head -1)"
}

# ---- images in ---------------------------------------------------------------
refused "truncated PNG" "cut short (truncated)" o-trunc.png "$exe" upscale -q -m "$sr" trunc.png -o o-trunc.png
refused "truncated JPEG" "cut short (truncated)" o-trunc2.png "$exe" upscale -q -m "$sr" trunc.jpg -o o-trunc2.png
mkdir dir.png
refused "a folder named .png" "is a folder" o-dir.png "$exe" upscale -q -m "$sr" dir.png -o o-dir.png
refused "/dev/zero" "is a device" o-zero.png "$exe" upscale -q -m "$sr" /dev/zero -o o-zero.png
mkfifo fifo.png
refused "a FIFO input" "is a pipe" o-fifo.png "$exe" upscale -q -m "$sr" fifo.png -o o-fifo.png
printf 'PF\n2 2\n-1.0\n' > x.pfm; head -c 48 /dev/zero >> x.pfm
refused "PFM (no GEGL loader)" "is a PFM file, which mambair does not read" o-pfm.png \
    "$exe" upscale -q -m "$sr" x.pfm -o o-pfm.png
printf 'BM' > x.bmp; head -c 100 /dev/zero >> x.bmp
refused "BMP" "is a BMP file" o-bmp.png "$exe" upscale -q -m "$sr" x.bmp -o o-bmp.png
: > empty.png
refused "empty file" "empty" o-empty.png "$exe" upscale -q -m "$sr" empty.png -o o-empty.png
# a PNG called .jpg goes to the PNG decoder (libjpeg used to end the whole batch)
cp good.png png-named.jpg
mkdir b1
if run "$exe" upscale -m "$sr" png-named.jpg good.jpg -o b1 >log 2>&1 &&
    grep -q "2 of 2 image(s) done" log && [ "$("$img" check b1/png-named.jpg | cut -d' ' -f1-3)" = "80 60 3" ]; then
    ok "PNG named .jpg, then a JPEG: both done"
else
    bad "PNG named .jpg: $(cat log)"
fi
# NaN and infinite alpha (float TIFF, OpenEXR) is read as 0: the output is finite
for ext in tif exr; do
    "$img" float-alpha "fa.$ext" 12 9
    if run "$exe" upscale -q -m "$sr" "fa.$ext" -o "o-fa.$ext" 2>log &&
        [ "$("$img" alpha-nonfinite "o-fa.$ext")" = 0 ]; then
        ok "NaN/Inf alpha in .$ext: output alpha finite"
    else
        bad "NaN/Inf alpha in .$ext: $("$img" alpha-nonfinite "o-fa.$ext" 2>&1) non-finite alpha values; $(cat log)"
    fi
done

# ---- model files that are not regular files ----------------------------------
mkfifo model.safetensors
refused "info on a FIFO" "is a pipe" none "$exe" info model.safetensors
refused "-m FIFO" "is a pipe" o-mf.png "$exe" upscale -q -m model.safetensors good.png -o o-mf.png
refused "-m /dev/zero" "is a device" o-mz.png "$exe" upscale -q -m /dev/zero good.png -o o-mz.png

# ---- outputs -------------------------------------------------------------------
mkdir sub
"$img" png sub/x.png 20 16 rgb 8
"$img" png x.png 24 18 rgb 8
before=$(cksum < x.png)
run "$exe" denoise -q -m "$dn" sub/x.png x.png -o . >log 2>&1
st=$?
if [ "$st" = 1 ] && [ "$(cksum < x.png)" = "$before" ] && grep -q "would overwrite another input, x.png" log &&
    grep -q "refusing to overwrite the input" log; then
    ok "result onto another input: refused before any work, input untouched"
else
    bad "result onto another input: status $st, input $( [ "$(cksum < x.png)" = "$before" ] && echo kept || echo CHANGED): $(cat log)"
fi
mkdir same
run "$exe" denoise -m "$dn" x.png sub/x.png -o same >log 2>&1
st=$?
if [ "$st" = 0 ] && grep -q "2 of 2 image(s) done" log && grep -q "written as same/x-2.png" log &&
    [ "$("$img" check same/x.png | cut -d' ' -f1-2)" = "24 18" ] &&
    [ "$("$img" check same/x-2.png | cut -d' ' -f1-2)" = "20 16" ]; then
    ok "two inputs of the same name: the second numbered, both kept, and said"
else
    bad "two inputs of the same name: status $st, $(ls same): $(cat log)"
fi
# dejpeg plans its outputs the same way
mkdir same-dj
run "$exe" dejpeg -m "$data/tiny_car_gray/model.safetensors" x.png sub/x.png -o same-dj >log 2>&1
st=$?
if [ "$st" = 0 ] && grep -q "written as same-dj/x-2.png" log && [ -f same-dj/x.png ] && [ -f same-dj/x-2.png ]; then
    ok "dejpeg, two inputs of the same name: the second numbered"
else
    bad "dejpeg, two inputs of the same name: status $st, $(ls same-dj): $(cat log)"
fi
# the format and the folder are checked before the network runs: no progress line
run "$exe" upscale -m "$sr" big.png -o out.xyz >log 2>&1
if grep -q "cannot write '.xyz' files" log && ! grep -q "%" log; then
    ok "unknown output format refused before the network ran"
else
    bad "unknown output format: $(cat log)"
fi
run "$exe" upscale -m "$sr" big.png -o nodir/out.png >log 2>&1
if grep -q "cannot write into nodir" log && ! grep -q "%" log && [ ! -e nodir ]; then
    ok "missing output folder refused before the network ran"
else
    bad "missing output folder: $(cat log)"
fi
echo x > plain
run "$exe" upscale -m "$sr" big.png -o plain/out.png >log 2>&1
if grep -q "not a folder" log && ! grep -q "%" log; then ok "output 'folder' that is a file refused first"
else bad "output folder that is a file: $(cat log)"; fi

# a file-size limit (ulimit -f 64 KiB) hit by every saver: an error, the old
# output kept, no stray file, and the next image of the batch still done
mkdir lim
"$img" png small.png 12 10 rgb 8
for ext in png jpg tif webp exr ppm; do
    printf 'old' > "lim/big.$ext"
    (ulimit -f 64; exec timeout -s KILL 120 "$exe" upscale -m "$sr" big.png -o "lim/big.$ext") >log 2>&1
    st=$?
    if [ "$st" != 1 ] || [ "$(cat "lim/big.$ext")" != old ] || [ -n "$(strays lim)" ] ||
        ! grep -q "nothing was written\|writing failed" log; then
        bad ".$ext past the file-size limit: status $st, old output $(cat "lim/big.$ext" | head -c 3), strays '$(strays lim)': $(cat log)"
    else
        ok ".$ext past the file-size limit: $(grep FAILED log)"
    fi
done
# in a batch: the big one fails alone
cp small.png lim-small.png
(ulimit -f 64; exec timeout -s KILL 120 "$exe" upscale -m "$sr" big.png lim-small.png -o lim/batch) >log 2>&1
st=$?
if [ "$st" = 1 ] && grep -q "1 of 2 image(s) done, 1 failed" log && [ -f lim/batch/lim-small.png ] &&
    [ ! -e lim/batch/big.png ] && [ -z "$(strays lim/batch)" ]; then
    ok "file-size limit in a batch: the big image fails alone"
else
    bad "file-size limit in a batch: status $st, $(ls -A lim/batch): $(cat log)"
fi

# stale temporary files: removed when their run is gone, kept while it runs
mkdir stale
dead=$(sh -c 'echo $$')
: > "stale/.o.png.mambair-$dead-AbC123.partial"
: > "stale/.o.png.mambair-$$-XyZ789.partial"
run "$exe" upscale -m "$sr" small.png -o stale/o.png >log 2>&1
if [ ! -e "stale/.o.png.mambair-$dead-AbC123.partial" ] && [ -e "stale/.o.png.mambair-$$-XyZ789.partial" ] &&
    grep -q "removed 1 unfinished file" log && [ -f stale/o.png ]; then
    ok "stale temporary file of an ended run removed, a running one's kept"
else
    bad "stale temporary files: $(ls -A stale): $(cat log)"
fi

# SIGTERM (and Ctrl+C) during a run: stops cleanly, nothing written
"$img" png huge.png 700 500 rgb 8
for sig in TERM INT; do
    mkdir "sig$sig"
    rm -f log # the wait below must see this run's "started", not the last run's
    "$exe" upscale -t 1 -m "$sr" huge.png small.png -o "sig$sig" >log 2>&1 &
    bg=$!
    n=0
    while ! grep -q "huge.png: started" log && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
    sleep 0.5
    kill -s "$sig" "$bg"
    n=0
    while kill -0 "$bg" 2>/dev/null && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
    if kill -0 "$bg" 2>/dev/null; then
        bad "SIG$sig: still running a minute later"
    else
        wait "$bg"
        st=$?
        if [ "$st" != 0 ] && [ -z "$(ls -A "sig$sig")" ] && grep -q "interrupted" log; then
            ok "SIG$sig during a run: status $st, nothing written, $(grep interrupted log | tail -1)"
        else
            bad "SIG$sig: status $st, files '$(ls -A "sig$sig")': $(cat log)"
        fi
    fi
    bg=
done

# ---- options and models -----------------------------------------------------------
for m in 0 nan 9e18 inf 0x100000; do
    run "$exe" upscale -q -m "$sr" --memory "$m" small.png -o o-mem.png >log 2>&1
    st=$?
    if [ "$st" = 2 ] && grep -q "is not a size" log && [ ! -e o-mem.png ]; then ok "--memory $m refused"
    else bad "--memory $m: status $st: $(cat log)"; fi
done
"$img" set-meta "$dn" dn-s15.safetensors noise_level 15
run "$exe" denoise -q -m dn-s15.safetensors --sigma 50 small.png -o o-s50.png >log 2>&1
if grep -q "warning: --sigma 50, but the model was made for noise level 15" log; then ok "--sigma 50 with a sigma-15 model: warned"
else bad "--sigma 50 with a sigma-15 model: no warning: $(cat log)"; fi
run "$exe" denoise -q -m dn-s15.safetensors --sigma 15 small.png -o o-s15.png >log 2>&1
if ! grep -q "warning" log; then ok "--sigma 15 with a sigma-15 model: no warning"
else bad "--sigma 15 warned: $(cat log)"; fi
# weights of 1e30 are finite (they load) but the result overflows: a
# sentence, no output, for 8-bit and float files alike
"$img" fill-weights "$sr" huge-w.safetensors 1e30
"$img" float ff.tif 16 12
refused "weights 1e30, PNG" "not a number" o-1e30.png "$exe" upscale -q -m huge-w.safetensors small.png -o o-1e30.png
refused "weights 1e30, float TIFF" "not a number" o-1e30.tif "$exe" upscale -q -m huge-w.safetensors ff.tif -o o-1e30.tif

cd /
exit $fail
