#!/bin/sh
# train-cli.sh MAMBAIR SAMPLE_PNG SAME_TENSORS: `mambair train` end to end on
# a tiny model: the output folder (last, model, log), resume continues at the
# saved step and keeps the best validation model, the trained model loads,
# and with --ema each saved state's moving average is a model file of its own.
set -e
mambair="$1"
img="$2"
same_tensors="$3"
dir=$(mktemp -d /tmp/mambair-train-XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/data" "$dir/val"
cp "$img" "$dir/data/a.png"
cp "$img" "$dir/data/b.png"
cp "$img" "$dir/val/c.png"
tiny="--embed 30 --depths 1 --d-state 4 --batch 2 --patch 16 --val-patch 24 -t 2"
"$mambair" train -o "$dir/run" --data "$dir/data" --val "$dir/val" $tiny --steps 4 \
    --val-every 2 --save-every 2 --log-every 1 --lr 1e-3 > "$dir/out1.txt" 2>&1 ||
    { cat "$dir/out1.txt"; echo "FAIL: train"; exit 1; }
for f in last.safetensors model.safetensors train.log; do
    [ -s "$dir/run/$f" ] || { echo "FAIL: no $f"; exit 1; }
done
grep -q "step 4/4" "$dir/run/train.log" || { echo "FAIL: step 4 not logged"; exit 1; }
# GEGL (image reading) loads OpenBLAS through its modules before the first
# GEMM; the kernels must still be the ones chosen for this CPU, not the SSE3
# fallback Debian 12's OpenBLAS picks on CPUs it does not know
if grep -q " avx2 " /proc/cpuinfo && grep "BLAS: " "$dir/run/train.log" | grep -qi "prescott"; then
    grep "BLAS: " "$dir/run/train.log"
    echo "FAIL: OpenBLAS runs its Prescott kernels on an AVX2 CPU"; exit 1
fi
[ "$(grep -c "validate step" "$dir/run/train.log")" -eq 2 ] || { echo "FAIL: validations"; exit 1; }
# resume: continues at step 4, knows the best validation of the first run
"$mambair" train -o "$dir/run" --data "$dir/data" --val "$dir/val" $tiny --steps 6 \
    --val-every 2 --save-every 2 --log-every 1 --lr 1e-3 \
    --resume "$dir/run/last.safetensors" > "$dir/out2.txt" 2>&1 ||
    { cat "$dir/out2.txt"; echo "FAIL: resume"; exit 1; }
grep -q "resumed from .* at step 4" "$dir/run/train.log" || { echo "FAIL: resume step"; exit 1; }
grep -q "best validation so far: " "$dir/run/train.log" || { echo "FAIL: best not restored"; exit 1; }
grep -q "step 6/6" "$dir/run/train.log" || { echo "FAIL: step 6 not logged"; exit 1; }
if grep -q "step 5/" "$dir/out1.txt"; then echo "FAIL: first run went past 4"; exit 1; fi
# the model is what the engine loads
"$mambair" info "$dir/run/model.safetensors" > "$dir/info.txt" ||
    { echo "FAIL: model does not load"; exit 1; }
grep -qi "super-resolution\|x2\|scale" "$dir/info.txt" || { cat "$dir/info.txt"; echo "FAIL: info"; exit 1; }
# --ema: each saved state also writes its moving average as a model file,
# the state's "ema." tensors exactly, marked as such, loadable and usable
"$mambair" train -o "$dir/avg" --data "$dir/data" --val "$dir/val" $tiny --steps 4 --ema 0.5 \
    --val-every 4 --save-every 2 --log-every 1 --lr 1e-3 > "$dir/avg.txt" 2>&1 ||
    { cat "$dir/avg.txt"; echo "FAIL: train --ema"; exit 1; }
[ -s "$dir/avg/average-step2.safetensors" ] && [ -s "$dir/avg/average-step4.safetensors" ] ||
    { ls "$dir/avg"; echo "FAIL: no average-stepN model per saved state"; exit 1; }
[ "$(ls "$dir/avg" | grep -c '^average-')" -eq 2 ] || { ls "$dir/avg"; echo "FAIL: stray average files"; exit 1; }
"$same_tensors" "$dir/avg/last.safetensors" ema. "$dir/avg/average-step4.safetensors" ||
    { echo "FAIL: average-step4 is not the state's moving average"; exit 1; }
if "$same_tensors" "$dir/avg/last.safetensors" "" "$dir/avg/average-step4.safetensors" > /dev/null; then
    echo "FAIL: the moving average is the raw weights (the check cannot tell them apart)"; exit 1
fi
if "$same_tensors" "$dir/avg/last.safetensors" ema. "$dir/avg/average-step2.safetensors" > /dev/null; then
    echo "FAIL: the average of step 2 is that of step 4"; exit 1
fi
"$mambair" info "$dir/avg/average-step4.safetensors" > "$dir/avg-info.txt" ||
    { echo "FAIL: the average model does not load"; exit 1; }
grep -q "^weights: *moving average (decay 0.5)" "$dir/avg-info.txt" &&
    grep -q "^trained: *step 4,.*last validation PSNR" "$dir/avg-info.txt" &&
    ! grep -q "^state:" "$dir/avg-info.txt" || { cat "$dir/avg-info.txt"; echo "FAIL: average model info"; exit 1; }
# step 2 was saved but not validated: no PSNR claimed for it
"$mambair" info "$dir/avg/average-step2.safetensors" | grep "^trained:" | grep -q "PSNR" &&
    { echo "FAIL: an average not validated claims a PSNR"; exit 1; }
"$mambair" upscale -m "$dir/avg/average-step4.safetensors" "$img" -o "$dir/avg-out.png" > /dev/null 2>&1 &&
    [ -s "$dir/avg-out.png" ] || { echo "FAIL: the average model does not enlarge"; exit 1; }
# without --ema there is no average to write
if ls "$dir/run" | grep -q '^average-'; then echo "FAIL: average files without --ema"; exit 1; fi
# JPEG artefact removal: residual model, quality range kept across a resume
"$mambair" train -o "$dir/jpeg" --task jpeg --quality 20-60 --data "$dir/data" --val "$dir/val" \
    $tiny --steps 2 --val-every 2 --save-every 2 --log-every 1 > "$dir/out3.txt" 2>&1 ||
    { cat "$dir/out3.txt"; echo "FAIL: train --task jpeg"; exit 1; }
grep -q "JPEG: quality 20..60 per crop (libjpeg, 4:2:0), validation at 40" "$dir/jpeg/train.log" ||
    { cat "$dir/jpeg/train.log"; echo "FAIL: JPEG settings not logged"; exit 1; }
"$mambair" train -o "$dir/jpeg" --task jpeg --data "$dir/data" $tiny --steps 3 --log-every 1 \
    --resume "$dir/jpeg/last.safetensors" > "$dir/out4.txt" 2>&1 ||
    { cat "$dir/out4.txt"; echo "FAIL: resume --task jpeg"; exit 1; }
[ "$(grep -c "JPEG: quality 20..60 per crop" "$dir/jpeg/train.log")" -eq 2 ] ||
    { cat "$dir/jpeg/train.log"; echo "FAIL: the resumed run changed the quality range"; exit 1; }
if "$mambair" train -o "$dir/jpeg" --task denoise --data "$dir/data" $tiny --steps 4 \
    --resume "$dir/jpeg/last.safetensors" > "$dir/out5.txt" 2>&1; then
    echo "FAIL: a JPEG run resumed as denoising"; exit 1
fi
"$mambair" info "$dir/jpeg/model.safetensors" | grep -q "^task: *JPEG artefact removal" ||
    { "$mambair" info "$dir/jpeg/model.safetensors"; echo "FAIL: JPEG model info"; exit 1; }
for bad in 0-50 50-20 30-101 x; do
    if "$mambair" train -o "$dir/jpeg2" --task jpeg --quality $bad --data "$dir/data" $tiny \
        --steps 1 > /dev/null 2>&1; then echo "FAIL: --quality $bad accepted"; exit 1; fi
done
# the model records the data's folder names, not the trainer's paths
grep -a -q "\"data\":\"data\"" "$dir/run/model.safetensors" && ! grep -a -q "$dir" "$dir/run/model.safetensors" ||
    { echo "FAIL: the model records the training paths"; exit 1; }
# one body for x2, x3 and x4: three model files whose body tensors (the
# state-dict prefix before the head) are the same bytes, steps taken in turn,
# and a resume of all three from the folder
"$mambair" train -o "$dir/ms" --data "$dir/data" --val "$dir/val" $tiny --steps 6 --scales 2,3,4 --ema 0.9 \
    --val-every 3 --save-every 3 --log-every 3 --lr 1e-3 > "$dir/ms1.txt" 2>&1 ||
    { cat "$dir/ms1.txt"; echo "FAIL: multi-scale train"; exit 1; }
grep -q "validate step 6: .*x2 .*x3 .*x4" "$dir/ms/train.log" || { cat "$dir/ms1.txt"; echo "FAIL: multi-scale validation"; exit 1; }
grep -q "validate step 6: .*(moving average)" "$dir/ms/train.log" || { cat "$dir/ms1.txt"; echo "FAIL: --ema not validated"; exit 1; }
grep -q "moving average of the weights: decay 0.9" "$dir/ms/train.log" || { echo "FAIL: --ema not logged"; exit 1; }
for s in 2 3 4; do
    "$same_tensors" "$dir/ms/last-x$s.safetensors" ema. "$dir/ms/average-x$s-step6.safetensors" > /dev/null ||
        { ls "$dir/ms"; echo "FAIL: no x$s moving average of step 6"; exit 1; }
done
data_offset() { # 8 + the little-endian header length of a safetensors file
    echo $((8 + $(od -An -t u8 -N 8 "$1" | tr -d ' ')))
}
body_bytes() { # the first N bytes of a file's tensor data
    tail -c +$(($(data_offset "$1") + 1)) "$1" | head -c "$2"
}
for s in 2 3 4; do
    [ -s "$dir/ms/model-x$s.safetensors" ] && [ -s "$dir/ms/last-x$s.safetensors" ] ||
        { ls "$dir/ms"; echo "FAIL: no x$s model"; exit 1; }
    "$mambair" info "$dir/ms/model-x$s.safetensors" | grep -q "x$s\|scale $s\|×$s" ||
        { "$mambair" info "$dir/ms/model-x$s.safetensors"; echo "FAIL: model-x$s is not a x$s model"; exit 1; }
    # the description the file records is its own scale's, not the first's
    for f in model last; do
        head -c 65536 "$dir/ms/$f-x$s.safetensors" | grep -a -q "\"description\":\"[^\"]*resolution x$s," ||
            { echo "FAIL: $f-x$s.safetensors records another scale's description"; exit 1; }
    done
done
body_bytes "$dir/ms/model-x2.safetensors" 20000 > "$dir/b2"
body_bytes "$dir/ms/model-x4.safetensors" 20000 > "$dir/b4"
body_bytes "$dir/run/model.safetensors" 20000 > "$dir/b1"
cmp -s "$dir/b2" "$dir/b4" || { echo "FAIL: x2 and x4 bodies differ"; exit 1; }
if cmp -s "$dir/b2" "$dir/b1"; then echo "FAIL: the body check cannot tell models apart"; exit 1; fi
"$mambair" train -o "$dir/ms" --data "$dir/data" --val "$dir/val" $tiny --steps 9 --scales 2,3,4 \
    --val-every 3 --save-every 3 --log-every 3 --lr 1e-3 --resume "$dir/ms" > "$dir/ms2.txt" 2>&1 ||
    { cat "$dir/ms2.txt"; echo "FAIL: multi-scale resume"; exit 1; }
grep -q "resumed from .* at step 6" "$dir/ms/train.log" && grep -q "step 9/9" "$dir/ms/train.log" ||
    { cat "$dir/ms2.txt"; echo "FAIL: multi-scale resume step"; exit 1; }
body_bytes "$dir/ms/last-x3.safetensors" 20000 > "$dir/b3"
body_bytes "$dir/ms/last-x2.safetensors" 20000 > "$dir/b2"
cmp -s "$dir/b2" "$dir/b3" || { echo "FAIL: x2 and x3 bodies differ after resume"; exit 1; }
# --lr-from-crop: SR with bicubic inputs only, said in the log
"$mambair" train -o "$dir/lrc" --data "$dir/data" $tiny --steps 1 --lr-from-crop > "$dir/lrc.txt" 2>&1 ||
    { cat "$dir/lrc.txt"; echo "FAIL: train --lr-from-crop"; exit 1; }
grep -q "each LR made from its HR crop alone" "$dir/lrc/train.log" ||
    { cat "$dir/lrc/train.log"; echo "FAIL: --lr-from-crop not logged"; exit 1; }
if "$mambair" train -o "$dir/lrc2" --task denoise --data "$dir/data" $tiny --steps 1 --lr-from-crop \
    > "$dir/lrc2.txt" 2>&1 || ! grep -q "is for --task sr" "$dir/lrc2.txt"; then
    cat "$dir/lrc2.txt"; echo "FAIL: --lr-from-crop accepted for denoising"; exit 1
fi
# --from with --depths: a deeper model from a trained one, the new group
# starting as the identity (the unit test checks the numbers), logged; the
# file's own depths must come first, and a resumed run keeps its model (its
# own depths may be repeated)
opts="--batch 2 --patch 16 -t 2 --log-every 1"
"$mambair" train -o "$dir/grow" --data "$dir/data" --from "$dir/run/model.safetensors" --depths 1,1 \
    $opts --steps 1 > "$dir/grow.txt" 2>&1 || { cat "$dir/grow.txt"; echo "FAIL: train --depths 1,1 --from"; exit 1; }
grep -q "config: C=30 depths 1,1 " "$dir/grow/train.log" && grep -q "grown: groups 2..2 added" "$dir/grow/train.log" ||
    { cat "$dir/grow/train.log"; echo "FAIL: growth not logged"; exit 1; }
"$mambair" info "$dir/grow/model.safetensors" | grep -q "^groups: *2, depths \[1,1\]" ||
    { "$mambair" info "$dir/grow/model.safetensors"; echo "FAIL: the grown model has not 2 groups"; exit 1; }
for bad in 2,1 x 1,0; do
    if "$mambair" train -o "$dir/grow2" --data "$dir/data" --from "$dir/run/model.safetensors" --depths $bad \
        $opts --steps 1 > "$dir/grow2.txt" 2>&1 || ! grep -q "^mambair: --depths $bad: " "$dir/grow2.txt"; then
        cat "$dir/grow2.txt"; echo "FAIL: --depths $bad --from accepted"; exit 1
    fi
done
if "$mambair" train -o "$dir/grow" --data "$dir/data" --resume "$dir/grow/last.safetensors" --depths 1,1,1 \
    $opts --steps 2 > "$dir/grow3.txt" 2>&1 || ! grep -q "a resumed run keeps its model (depths 1,1)" "$dir/grow3.txt"; then
    cat "$dir/grow3.txt"; echo "FAIL: --depths accepted on a resume"; exit 1
fi
# --from with --embed twice the file's: a wider model (the unit test checks
# that it starts as the file's network), logged; any other width, or
# widening and deepening at once, or a resumed run, is a usage error
"$mambair" train -o "$dir/widen" --data "$dir/data" --from "$dir/run/model.safetensors" --embed 60 \
    $opts --steps 1 > "$dir/widen.txt" 2>&1 || { cat "$dir/widen.txt"; echo "FAIL: train --embed 60 --from"; exit 1; }
grep -q "config: C=60 depths 1 N=4 Din=90 " "$dir/widen/train.log" &&
    grep -q "widened: 60 channels from the model's 30" "$dir/widen/train.log" ||
    { cat "$dir/widen/train.log"; echo "FAIL: widening not logged"; exit 1; }
"$mambair" info "$dir/widen/model.safetensors" | grep -q "^embed dim: *60$" ||
    { "$mambair" info "$dir/widen/model.safetensors"; echo "FAIL: the widened model has not 60 channels"; exit 1; }
for bad in "--embed 45|give the model's own width or twice it" \
    "--embed 60 --depths 1,1|widen or deepen the model, not both"; do
    if "$mambair" train -o "$dir/widen2" --data "$dir/data" --from "$dir/run/model.safetensors" ${bad%%|*} \
        $opts --steps 1 > "$dir/widen2.txt" 2>&1 || ! grep -q "${bad#*|}" "$dir/widen2.txt"; then
        cat "$dir/widen2.txt"; echo "FAIL: ${bad%%|*} --from accepted"; exit 1
    fi
done
if "$mambair" train -o "$dir/widen" --data "$dir/data" --resume "$dir/widen/last.safetensors" --embed 120 \
    $opts --steps 2 > "$dir/widen3.txt" 2>&1 || ! grep -q "a resumed run keeps its model" "$dir/widen3.txt"; then
    cat "$dir/widen3.txt"; echo "FAIL: --embed accepted on a resume"; exit 1
fi
# the luma term: logged and recorded in the state for a colour model,
# refused for a one-channel one (it would silently do nothing there)
"$mambair" train -o "$dir/luma" --data "$dir/data" $tiny --steps 1 --loss charbonnier:0.5+luma:3 \
    > "$dir/luma.txt" 2>&1 || { cat "$dir/luma.txt"; echo "FAIL: train --loss ...+luma:3"; exit 1; }
grep -q "loss charbonnier:0.5+luma:3," "$dir/luma/train.log" &&
    grep -a -q '"loss_kind":"charbonnier:0.5+luma:3"' "$dir/luma/last.safetensors" ||
    { cat "$dir/luma/train.log"; echo "FAIL: the luma term not logged or not recorded"; exit 1; }
if "$mambair" train -o "$dir/luma2" --gray --data "$dir/data" $tiny --steps 1 --loss l1+luma:3 \
    > "$dir/luma2.txt" 2>&1 || ! grep -q "the luma term needs a colour (RGB) model" "$dir/luma2.txt"; then
    cat "$dir/luma2.txt"; echo "FAIL: a luma term accepted for a gray model"; exit 1
fi
[ ! -e "$dir/luma2" ] || { echo "FAIL: a refused run left a folder"; exit 1; }
# a bad option is a usage error, not a crash
if "$mambair" train -o "$dir/run2" --data "$dir/nothing-here" $tiny --steps 1 > /dev/null 2>&1; then
    echo "FAIL: a missing data folder was accepted"; exit 1
fi
echo ok
