#!/bin/sh
# train-models.sh — the recipe of the built-in models (data/models/).
#
#   scripts/train-models.sh MAMBAIR RUNS_DIR STAGE
#
# MAMBAIR is the mambair binary, RUNS_DIR a scratch folder for the runs, and
# STAGE one of:
#   split      make the training/validation split (symlinks into $SHARED/data)
#   sr-x2      train super-resolution x2 from scratch
#   dn         train the blind denoiser (sigma 10..50) from scratch
#   sr-x3 sr-x4          fine-tune from sr-x2 (new head)
#   dn-s15 dn-s25 dn-s50 fine-tune the blind denoiser at one noise level
#   dejpeg     blind colour JPEG artefact removal (quality 10..90), from the
#              blind denoiser (the same network shape)
#   photo-x2 photo-x4    super-resolution on photo degradations (blur, resize,
#              noise, JPEG, twice), from sr-x2 / sr-x4
# A stage resumes from RUNS_DIR/<stage>/last.safetensors when it exists, so a
# run interrupted by the end of a session continues exactly where it stopped.
# STEPS_<stage> (e.g. STEPS_sr_x2=4000) overrides a stage's step count.
#
# Data: T91 + the BSDS300 training images (BSD200), of which every 20th BSD200
# image (sorted by name) is held out for validation. The evaluation sets (Set5,
# Set14, CBSD68/B100, Kodak24, McMaster) are never used for training or model
# selection.
set -eu
bin=$1
runs=$2
stage=$3
shared=${MAMBAIR_SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
train=$shared/data/train
mkdir -p "$runs"

data="$train/T91,$runs/train-bsd190"
val="$runs/val-bsd10"
threads=${THREADS:-1}
val_every=${VAL_EVERY:-200}
common="--data $data --val $val --batch 16 --patch 48 --log-every 10 --val-every $val_every --save-every 25 -t $threads"

run() { # name, default steps, options...
    name=$1 steps=$2
    shift 2
    var=STEPS_$(echo "$name" | tr '-' '_')
    eval "steps=\${$var:-$steps}"
    out=$runs/$name
    if [ -f "$out/last.safetensors" ]; then
        exec nice -n 5 "$bin" train -o "$out" --resume "$out/last.safetensors" $common --steps "$steps" "$@"
    fi
    exec nice -n 5 "$bin" train -o "$out" $common --steps "$steps" "$@"
}

case $stage in
split)
    rm -rf "$runs/train-bsd190" "$runs/val-bsd10"
    mkdir -p "$runs/train-bsd190" "$runs/val-bsd10"
    i=0
    for f in $(ls "$train"/BSD200/*.png | sort); do
        i=$((i + 1))
        if [ $((i % 20)) -eq 0 ]; then ln -s "$f" "$runs/val-bsd10/"; else ln -s "$f" "$runs/train-bsd190/"; fi
    done ;;
sr-x2) run sr-x2 2200 --task sr -s 2 --lr 1e-3 --schedule cosine ;;
dn) run dn 1900 --task denoise --sigma 10-50 --lr 1e-3 --schedule cosine ;;
sr-x3) run sr-x3 500 --task sr -s 3 --from "$runs/sr-x2/model.safetensors" --lr 5e-4 --schedule cosine ;;
sr-x4) run sr-x4 500 --task sr -s 4 --from "$runs/sr-x2/model.safetensors" --lr 5e-4 --schedule cosine ;;
dn-s15) run dn-s15 300 --task denoise --sigma 15 --from "$runs/dn/model.safetensors" --lr 2e-4 --schedule cosine ;;
dn-s25) run dn-s25 300 --task denoise --sigma 25 --from "$runs/dn/model.safetensors" --lr 2e-4 --schedule cosine ;;
dn-s50) run dn-s50 300 --task denoise --sigma 50 --from "$runs/dn/model.safetensors" --lr 2e-4 --schedule cosine ;;
dejpeg) run dejpeg 1500 --task jpeg --quality 10-90 --from "$runs/dn/model.safetensors" --lr 5e-4 --schedule cosine ;;
photo-x2) run photo-x2 1500 --task sr -s 2 --degrade photo --from "$runs/sr-x2/model.safetensors" --lr 5e-4 --schedule cosine ;;
photo-x4) run photo-x4 1500 --task sr -s 4 --degrade photo --from "$runs/sr-x4/model.safetensors" --lr 5e-4 --schedule cosine ;;
*) echo "unknown stage $stage" >&2; exit 2 ;;
esac
