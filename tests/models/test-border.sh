#!/bin/sh
# test-border.sh BORDER_RATIO SCALE MODEL: the model's border band against
# bicubic's on evaluation photos (Set14 and Kodak24 from the shared data, the
# sample image otherwise).
set -eu
tool=$1 s=$2 model=$3
shared=${MAMBAIR_SHARED:-}
imgs=""
for d in "$shared/data/sr/Set14/HR" "$shared/data/denoise/Kodak24"; do
    [ -d "$d" ] && imgs="$imgs $(ls "$d"/*.png | head -n 8 | tr '\n' ' ')"
done
[ -n "$imgs" ] || imgs="${MAMBAIR_SOURCE_ROOT}/data/samples/kodim23-crop.png"
exec "$tool" "$model" "$s" $imgs
