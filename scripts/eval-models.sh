#!/bin/sh
# eval-models.sh — the results table of the README and data/models/MODELS.md:
# every built-in model, and the bicubic / noisy-input baselines, on the
# standard benchmarks, measured by `mambair eval` (BasicSR conventions).
#
#   scripts/eval-models.sh MAMBAIR [sr|denoise|all] > results.md
#
# Super-resolution: Set5, Set14 (Y-channel PSNR/SSIM, border = scale, LR made
# with MATLAB's bicubic from the HR images). Denoise: CBSD68, Kodak24,
# McMaster (RGB PSNR/SSIM, noise from numpy's seed-0 stream). Only the summary
# row of each run is kept; the per-image tables go to stderr.
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
