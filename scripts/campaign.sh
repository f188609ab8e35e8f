#!/bin/sh
# campaign.sh — the training campaign of the built-in models as one resumable
# queue, so that each working session continues it with one command.
#
#   scripts/campaign.sh MAMBAIR RUNS_DIR run     restore, then run the stages in order
#   scripts/campaign.sh MAMBAIR RUNS_DIR save    copy the runs' states into train-state/
#   scripts/campaign.sh MAMBAIR RUNS_DIR status  the step each stage is at
#
# The stages (scripts/train-models.sh) in the order they take the cores: the
# benchmark models first (sr: one body for x2/x3/x4, then each scale alone
# for 1000 steps; dn: the blind denoiser, dn-mix: it continued on luminance
# noise too, then its fine-tunes at sigma 15, 25 and 50), then the photo
# enlargers, the JPEG artefact remover (dejpeg, then its ends on larger
# crops and a squared-error loss: dejpeg-wide, dejpeg-l2), photo-x2 on a
# longer schedule and dejpeg-l2 continued on crops larger again, then
# photo-x2 grown deeper (photo-x2-deep), on larger crops (photo-x2-wide) and
# deeper again (photo-x2-deeper), then on larger crops again with a
# squared-error loss (photo-x2-wider), and photo-x4 on a longer schedule
# (photo-x4-long), then grown to twice the depth (photo-x4-deep), and
# photo-x2 made twice as wide (photo-x2-c96), then continued on a longer
# schedule (photo-x2-c96-long) and on larger crops (photo-x2-c96-144), and
# the shipped photo-x2 on larger crops again (photo-x2-160), and the
# 96-channel model on those crops (photo-x2-c96-160), and photo-x4 on
# crops of 80 px (photo-x4-80), then on a longer schedule
# (photo-x4-80-long), and photo-x2 on crops of 160 px at a higher rate
# (photo-x2-160-hi), and photo-x2 and photo-x4 on a loss nearer squared
# error (photo-x2-mse, photo-x4-mse), then photo-x2 on squared error
# itself (photo-x2-l2), and photo-x2 with a luma term in its loss
# (photo-x2-luma, photo-x4-luma), and a photo enlarger x3 from photo-x4
# (photo-x3), then on crops of 96 px (photo-x3-96), and the JPEG model at
# twice the depth (dejpeg-deep). A
# stage whose run folder has no state yet takes the one committed in
# data/models/train-state/ (RUN/last*.safetensors), so a fresh machine
# continues where the last session stopped. A stage that
# reaches its last step is written to train-state/finished and skipped from
# then on (its state is no longer saved: its best model is kept as
# train-state/<stage>.model.safetensors until it is shipped); a
# stage stopped (Ctrl+C, SIGTERM, end of session) ends the queue, and the
# next `run` resumes it.
set -eu
bin=$1
runs=$2
what=$3
here=$(cd "$(dirname "$0")" && pwd)
state=${CAMPAIGN_STATE:-$(cd "$here/../data/models" && pwd)/train-state}
stages=${STAGES:-"sr sr-ft-x2 sr-ft-x3 sr-ft-x4 dn dn-mix dn-s15 dn-s25 dn-s50 photo-x2 photo-x4 dejpeg dejpeg-wide dejpeg-l2 photo-x2-long dejpeg-wider photo-x2-deep photo-x2-wide photo-x2-deeper photo-x2-wider photo-x4-long photo-x4-deep photo-x2-c96 photo-x2-c96-long photo-x2-c96-144 photo-x2-160 photo-x2-c96-160 photo-x4-80 photo-x4-80-long photo-x2-160-hi photo-x2-mse photo-x4-mse photo-x2-l2 photo-x2-luma photo-x4-luma photo-x3 photo-x3-96 dejpeg-deep"}

# train-state/ names: sr-onebody/ (the three last-xN and model-xN files),
# <stage>.last.safetensors for the single-scale runs
saved() { [ "$1" = sr ] && echo "$state/sr-onebody" || echo "$state/$1.last.safetensors"; }

restore() {
    st=$1 src=$(saved "$1")
    mkdir -p "$runs/$st"
    if [ "$st" = sr ]; then
        [ -f "$runs/sr/last-x2.safetensors" ] || [ ! -d "$src" ] || cp "$src"/*.safetensors "$runs/sr/"
    else
        [ -f "$runs/$st/last.safetensors" ] || [ ! -f "$src" ] || cp "$src" "$runs/$st/last.safetensors"
    fi
}

# the step a run's state file holds, as `mambair info` reads it (the file is
# written every 200 steps, so the log's last step is later); no state: the
# log's last step; neither: unknown
step_of() {
    f=$runs/$1/last.safetensors
    [ "$1" = sr ] && f=$runs/sr/last-x2.safetensors
    if [ -f "$f" ]; then
        st=$("$bin" info "$f" 2>/dev/null | sed -n 's/^trained: *step \([0-9]*\).*/\1/p')
        [ -n "$st" ] && { echo "$st"; return; }
    fi
    log=$runs/$1.log
    [ -f "$log" ] || { echo "-"; return; }
    sed -n 's/.*\(stopped at step\|validate step\|^.* step\) \([0-9]*\)[/:;].*/\2/p' "$log" | tail -n 1
}

finished() { [ -f "$state/finished" ] && grep -q -x "$1" "$state/finished"; }

case $what in
run)
    [ -d "$runs/val-40" ] || sh "$here/train-models.sh" "$bin" "$runs" split
    for st in $stages; do
        finished "$st" && continue
        restore "$st"
        echo "$(date '+%F %T') campaign: stage $st" | tee -a "$runs/campaign.log"
        sh "$here/train-models.sh" "$bin" "$runs" "$st" >>"$runs/$st.log" 2>&1 || {
            echo "$(date '+%F %T') campaign: stage $st failed (see $runs/$st.log)" | tee -a "$runs/campaign.log"
            exit 1
        }
        # stopped before its end: the queue stops too (resumed by the next run)
        if tail -n 3 "$runs/$st.log" | grep -q "stopped at step"; then
            echo "$(date '+%F %T') campaign: stage $st stopped; resume with: $0 $bin $runs run" |
                tee -a "$runs/campaign.log"
            exit 0
        fi
        if tail -n 3 "$runs/$st.log" | grep -q "done:"; then
            # a finished stage keeps its best model beside the states, so a
            # session cut off before shipping it does not lose the stage
            [ "$st" = sr ] || cp "$runs/$st/model.safetensors" "$state/$st.model.safetensors"
            echo "$st" >>"$state/finished"
        fi
    done
    echo "$(date '+%F %T') campaign: every stage is done" | tee -a "$runs/campaign.log" ;;
save)
    for st in $stages; do
        finished "$st" && continue
        if [ "$st" = sr ]; then
            [ -f "$runs/sr/last-x2.safetensors" ] || continue
            mkdir -p "$state/sr-onebody"
            cp "$runs"/sr/last-x?.safetensors "$runs"/sr/model-x?.safetensors "$state/sr-onebody/"
        else
            [ -f "$runs/$st/last.safetensors" ] || continue
            cp "$runs/$st/last.safetensors" "$(saved "$st")"
        fi
        echo "saved $st (step $(step_of "$st"))"
    done ;;
status)
    for st in $stages; do
        if finished "$st"; then echo "$st: finished"; else echo "$st: step $(step_of "$st")"; fi
    done ;;
*) echo "usage: $0 MAMBAIR RUNS_DIR run|save|status" >&2; exit 2 ;;
esac
