#!/bin/sh
# before-after.sh — the README's before/after pictures, from the samples in
# data/samples and the built-in models, with netpbm for the cutting and
# pasting (each half enlarged by repeating pixels, so that what is seen is
# what the files hold):
#
#   scripts/before-after.sh MAMBAIR [x2|x4|dejpeg|photo|all]
#
#   x2, x4   docs/screenshots/before-after-xN.png: kodim23-crop.png enlarged
#            by repeating pixels (left) and by `mambair upscale -s N` (right)
#   dejpeg   docs/screenshots/before-after-dejpeg.png: kodim23-macaw.png saved
#            as a JPEG of quality 20 (libjpeg's standard tables, 4:2:0, by
#            pnmtojpeg; left) and `mambair dejpeg` of that file (right), both
#            enlarged 2 times
#   photo    docs/screenshots/before-after-photo.png: kodim23-crop.png saved
#            as a JPEG of quality 40 (pnmtojpeg), then enlarged x2 by the
#            clean model (`--source clean`, left) and by the photo model
#            (`--source photo`, right), both shown at 200 %
set -eu
bin=$1
what=${2:-all}
root=$(cd "$(dirname "$0")/.." && pwd)
shots=$root/docs/screenshots
samples=$root/data/samples
for tool in pngtopnm pnmtopng pnmtojpeg jpegtopnm pamscale pamfile ppmmake pnmcat; do
    command -v $tool >/dev/null || { echo "before-after.sh: $tool is missing (package netpbm)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# side by side with an 8-pixel white gap: LEFT.pnm RIGHT.pnm LFACTOR RFACTOR
# OUT.png, each enlarged by its (whole) factor by repeating pixels
pair() {
    pamscale -nomix "$3" "$1" >"$tmp/l.pnm"
    pamscale -nomix "$4" "$2" >"$tmp/r.pnm"
    h=$(pamfile "$tmp/l.pnm" | sed 's/.* by \([0-9]*\) .*/\1/')
    ppmmake white 8 "$h" >"$tmp/gap.pnm"
    pnmcat -lr -jcenter "$tmp/l.pnm" "$tmp/gap.pnm" "$tmp/r.pnm" | pnmtopng -compression 9 >"$5.tmp"
    mv "$5.tmp" "$5"
    echo "$5"
}

for s in 2 4; do
    [ "$what" = "x$s" ] || [ "$what" = all ] || continue
    "$bin" upscale -q -s "$s" "$samples/kodim23-crop.png" -o "$tmp/sr.png"
    pngtopnm "$samples/kodim23-crop.png" >"$tmp/in.pnm"
    pngtopnm "$tmp/sr.png" >"$tmp/sr.pnm"
    pair "$tmp/in.pnm" "$tmp/sr.pnm" "$s" 1 "$shots/before-after-x$s.png"
done
if [ "$what" = dejpeg ] || [ "$what" = all ]; then
    pngtopnm "$samples/kodim23-macaw.png" | pnmtojpeg -quality=20 -baseline >"$tmp/in.jpg"
    "$bin" dejpeg -q "$tmp/in.jpg" -o "$tmp/out.png"
    jpegtopnm "$tmp/in.jpg" >"$tmp/in.pnm" 2>/dev/null
    pngtopnm "$tmp/out.png" >"$tmp/out.pnm"
    pair "$tmp/in.pnm" "$tmp/out.pnm" 2 2 "$shots/before-after-dejpeg.png"
fi
if [ "$what" = photo ] || [ "$what" = all ]; then
    pngtopnm "$samples/kodim23-crop.png" | pnmtojpeg -quality=40 -baseline >"$tmp/in.jpg"
    "$bin" upscale -q -s 2 --source clean "$tmp/in.jpg" -o "$tmp/clean.png"
    "$bin" upscale -q -s 2 --source photo "$tmp/in.jpg" -o "$tmp/photo.png"
    pngtopnm "$tmp/clean.png" >"$tmp/clean.pnm"
    pngtopnm "$tmp/photo.png" >"$tmp/photo.pnm"
    pair "$tmp/clean.pnm" "$tmp/photo.pnm" 2 2 "$shots/before-after-photo.png"
fi
