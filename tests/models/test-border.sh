#!/bin/sh
# Every built-in SR model restores the outer 16 pixels of an image no worse
# than bicubic at any distance from the edge (border-ratio.c), on Set14 and
# Kodak24 of ../shared: no frame around an enlarged photo.
# Usage: test-border.sh BORDER_RATIO SOURCE_ROOT
set -eu
tool=$1
models=$2/data/models
shared=${MAMBAIR_SHARED:-$2/../shared}
set -- "$shared"/data/sr/Set14/HR/*.png "$shared"/data/denoise/Kodak24/*.png
if [ ! -f "$1" ]; then
    echo "SKIP: no Set14 / Kodak24 images in $shared/data"
    exit 77
fi
fail=0
for s in 2 3 4; do
    "$tool" "$models/sr-x$s.safetensors" "$s" "$@" || fail=1
done
exit $fail
