#!/bin/sh
# eval-models.sh — the results table of the README and data/models/MODELS.md:
# every built-in model, and the bicubic / noisy-input baselines, on the
# standard benchmarks, measured by `mambair eval` (BasicSR conventions).
#
#   scripts/eval-models.sh MAMBAIR [sr|denoise|clipped|gray|jpeg|border|grid|photo|all] > results.md
#
# Super-resolution: Set5, Set14 (Y-channel PSNR/SSIM, border = scale, LR made
# with MATLAB's bicubic from the HR images). Denoise: CBSD68, Kodak24,
# McMaster (RGB PSNR/SSIM, noise from numpy's seed-0 stream); "clipped" the
# same with the noise clipped to the pixel range, as an image file holds it;
# "gray" with luminance noise (the same in R, G and B, as cameras make it).
# JPEG: Kodak24 and CBSD68 saved as JPEG at quality 10, 20, 30 and 40
# (libjpeg's standard tables, 4:2:0), RGB PSNR / SSIM / PSNR-B.
# "border": the outer 16 output pixels against bicubic's (the border-ratio
# program of the build, BORDER_RATIO): the model's error over bicubic's at
# the distance from the edge where it comes closest, the edge penalty (the
# band's error at the edge over the same pixels' inside the image) and the
# band's error over the interior's.
# "grid": Set14 and Kodak24 saved as JPEG at quality 40, enlarged x2, x3 and x4 by
# every built-in model (clean, and photo where installed) and by bicubic: the
# JPEG block-grid contrast of each (grid-contrast, GRID_CONTRAST; 1 = no
# grid; core/image/blockgrid.h).
# "photo": Set14 and Kodak24 degraded as the photo models are trained (blur,
# resize, noise, JPEG, twice; `mambair degrade --seed 1`, the same files on
# every machine), enlarged x2, x3 and x4 by the clean and the photo models; and
# their bicubic LR saved as JPEG at quality 40 and 75 (`mambair degrade
# --jpeg`), as a web or camera JPEG is.
# Only the summary row of each run is kept; the per-image tables go to stderr.
set -eu
bin=$1
what=${2:-all}
shared=${MAMBAIR_SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
models=$(cd "$(dirname "$0")/../data/models" && pwd)
threads=${THREADS:-2}

summary() { # the last table row that `eval` prints is the summary row
    grep '^|' | tail -n 1
}

echo "| dataset | task | baseline | model |"
echo "|---|---|---|---|"
if [ "$what" = sr ] || [ "$what" = all ]; then
    for s in 2 3 4; do
        for set in Set5 Set14; do
            "$bin" eval --task sr -s "$s" --hr "$shared/data/sr/$set/HR" \
                -m "$models/sr-x$s.safetensors" -q -t "$threads" | tee /dev/stderr | summary
        done
    done
fi
if [ "$what" = denoise ] || [ "$what" = all ]; then
    for sigma in 15 25 50; do
        for set in McMaster Kodak24 CBSD68; do
            "$bin" eval --task denoise --sigma "$sigma" --clean "$shared/data/denoise/$set" \
                -m "$models/denoise-s$sigma.safetensors" -q -t "$threads" | tee /dev/stderr | summary
        done
    done
fi
if [ "$what" = clipped ] || [ "$what" = all ]; then
    for sigma in 15 25 50; do
        "$bin" eval --task denoise --sigma "$sigma" --clip-noise --clean "$shared/data/denoise/CBSD68" \
            -m "$models/denoise-s$sigma.safetensors" -q -t "$threads" | tee /dev/stderr | summary
    done
fi
if [ "$what" = gray ] || [ "$what" = all ]; then
    for sigma in 15 25 50; do
        "$bin" eval --task denoise --sigma "$sigma" --gray-noise --clean "$shared/data/denoise/CBSD68" \
            -m "$models/denoise-s$sigma.safetensors" -q -t "$threads" | tee /dev/stderr | summary
    done
fi
if [ "$what" = jpeg ] || [ "$what" = all ]; then
    for q in 10 20 30 40; do
        for set in Kodak24 CBSD68; do
            "$bin" eval --task jpeg --quality "$q" --clean "$shared/data/denoise/$set" \
                -m "$models/dejpeg.safetensors" -q -t "$threads" | tee /dev/stderr | summary
        done
    done
fi
if [ "$what" = border ] || [ "$what" = all ]; then
    tool=${BORDER_RATIO:-$(dirname "$bin")/../tests/models/border-ratio}
    echo
    echo "| model | at the edge: error / bicubic's, at most | edge penalty, model | bicubic | band/interior, model | bicubic |"
    echo "|---|---|---|---|---|---|"
    for s in 2 3 4; do
        "$tool" "$models/sr-x$s.safetensors" "$s" "$shared"/data/sr/Set14/HR/*.png \
            "$shared"/data/denoise/Kodak24/*.png | awk -v m="sr-x$s" '
                /at most/ { w = $(NF - 8) }
                /edge penalty/ { pm = $5; pb = $(NF - 2) }
                /border\/interior/ { print "| " m " | " w " | " pm " | " pb " | " $5 " | " $(NF - 4) " |" }' || true
    done
fi
if [ "$what" = grid ] || [ "$what" = all ]; then
    tool=${GRID_CONTRAST:-$(dirname "$bin")/../tests/models/grid-contrast}
    echo
    echo "| model | JPEG q40 | bicubic | model |"
    echo "|---|---|---|---|"
    for m in sr-x2 sr-x3 sr-x4 photo-x2 photo-x3 photo-x4; do
        [ -f "$models/$m.safetensors" ] || continue
        "$tool" "$models/$m.safetensors" "${m#*-x}" 40 "$shared"/data/sr/Set14/HR/*.png \
            "$shared"/data/denoise/Kodak24/*.png |
            sed -n "s/.*contrast on JPEG q40 ([0-9]* images): JPEG \([0-9.]*\), bicubic \([0-9.]*\), model \([0-9.]*\)/| $m | \1 | \2 | \3 |/p" || true
    done
fi
if [ "$what" = photo ] || [ "$what" = all ]; then
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/mambair-photo.XXXXXX")
    for s in 2 3 4; do
        for set in sr/Set14 denoise/Kodak24; do
            hr=$shared/data/$set/HR
            [ -d "$hr" ] || hr=$shared/data/$set
            for how in photo jpeg40 jpeg75; do
                lr=$tmp/${set#*/}-x$s-$how
                case $how in
                photo) "$bin" degrade -q --seed 1 -s "$s" "$hr" "$lr" ;;
                jpeg*) "$bin" degrade -q --jpeg "${how#jpeg}" -s "$s" "$hr" "$lr" ;;
                esac
                label="photo-degraded input"
                [ "$how" = photo ] || label="bicubic LR as JPEG q${how#jpeg}"
                for m in sr photo; do
                    [ -f "$models/$m-x$s.safetensors" ] || continue
                    "$bin" eval --task sr -s "$s" --hr "$hr" --lr "$lr" -m "$models/$m-x$s.safetensors" \
                        -q -t "$threads" | tee /dev/stderr | summary |
                        sed "s/| SR x$s |/| SR x$s, $label, \`$m-x$s\` |/"
                done
            done
        done
    done
    rm -rf "$tmp"
fi
