#!/bin/sh
# eval-curve.sh — quality against training steps: every checkpoint given
# (e.g. snapshots of RUNS/<stage>/last.safetensors taken during a run) is
# evaluated with `mambair eval` and printed as a row "step | PSNR | SSIM",
# sorted by step (the checkpoint's `step` metadata).
#
#   scripts/eval-curve.sh MAMBAIR sr:SCALE|denoise:SIGMA CHECKPOINT...
#
# SR is measured on Set5 (Y channel), denoising on McMaster (RGB), both from
# $MAMBAIR_SHARED/data (default ../shared beside the project).
set -eu
bin=$1
task=$2
shift 2
shared=${MAMBAIR_SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
threads=${THREADS:-1}
case $task in
sr:*) args="--task sr -s ${task#sr:} --hr $shared/data/sr/Set5/HR" ;;
denoise:*) args="--task denoise --sigma ${task#denoise:} --clean $shared/data/denoise/McMaster" ;;
*) echo "usage: $0 MAMBAIR sr:SCALE|denoise:SIGMA CHECKPOINT..." >&2; exit 2 ;;
esac
echo "| step | PSNR (dB) | SSIM |"
echo "|---|---|---|"
for ckpt in "$@"; do
    # the step is in the safetensors header metadata ("step":"N")
    step=$(head -c 4096 "$ckpt" | grep -ao '"step":"[0-9]*"' | head -n 1 | tr -dc 0-9)
    # the summary row: | set | task | baseline | model | -> PSNR / SSIM of the model
    row=$("$bin" eval $args -m "$ckpt" -q -t "$threads" | grep '^|' | tail -n 1)
    model=$(echo "$row" | awk -F'|' '{print $5}')
    echo "${step:-?} | $(echo "$model" | awk -F/ '{gsub(/ /, "", $1); print $1}') | $(echo "$model" | awk -F/ '{gsub(/ /, "", $2); print $2}') |"
done | sort -n | sed 's/^/| /'
