#!/bin/sh
# test-dejpeg.sh — `mambair dejpeg` end to end: a photograph coded at q 20,
# a tiny JPEG model trained here for a few steps (the built-in one is used
# when data/models/dejpeg.safetensors exists, else -m is required), the
# strength control (0 = the input, 0.5 half-way, 1 the model's result), gray,
# folder output, a bad file in a batch, usage errors.
# Usage: test-dejpeg.sh MAMBAIR IMAGE_TOOL
MB="$1"
IT="$2"
fail=0
check() {
    if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
photo="$MAMBAIR_SOURCE_ROOT/data/samples/kodim23-crop.png"
"$IT" jpeg "$photo" "$T/photo.jpg" 20 || { echo "FAIL: cannot make the JPEG"; exit 1; }
mkdir "$T/data"
cp "$photo" "$T/data/a.png"
"$MB" train -o "$T/run" --task jpeg --quality 10-30 --data "$T/data" --embed 30 --depths 1 \
    --d-state 4 --batch 2 --patch 16 -t 2 --steps 20 --lr 1e-3 --log-every 20 >"$T/train.txt" 2>&1 ||
    { cat "$T/train.txt"; echo "FAIL: cannot train the tiny model"; exit 1; }
M="$T/run/model.safetensors"

# `mambair info` tells what the trainer recorded, and a state from a model
"$MB" info "$T/run/last.safetensors" >"$T/info-last.txt"; check "info on a training state" 0 $?
grep -q "^trained:      step 20, loss charbonnier" "$T/info-last.txt"; check "info: the state's step and loss" 0 $?
grep -q "^state:        a training state" "$T/info-last.txt"; check "info: a training state is said" 0 $?
"$MB" info "$M" >"$T/info-model.txt"; check "info on the trained model" 0 $?
grep -q "^trained:      step " "$T/info-model.txt"; check "info: the model's step" 0 $?
grep -q "^state:" "$T/info-model.txt"; check "info: a model is not called a state" 1 $?

"$MB" dejpeg --help | grep -q -- "--strength"; check "dejpeg --help" 0 $?
"$MB" dejpeg -q "$T/photo.jpg" >/dev/null 2>&1; check "no -o: usage error" 2 $?
"$MB" dejpeg -q --strength 1.5 -m "$M" "$T/photo.jpg" -o "$T/x.png" >/dev/null 2>&1
check "strength 1.5: usage error" 2 $?
"$MB" dejpeg -q --strength abc -m "$M" "$T/photo.jpg" -o "$T/x.png" >/dev/null 2>&1
check "strength abc: usage error" 2 $?

for s in 0 0.5 1; do
    "$MB" dejpeg -q -m "$M" --strength $s "$T/photo.jpg" -o "$T/s$s.png" >"$T/err" 2>&1
    check "dejpeg --strength $s" 0 $?
done
check "same size, RGB" "128 96 3 0 u8" "$("$IT" probe "$T/s1.png")"
# strength 0 is the decoded JPEG itself, 1 differs, 0.5 lies half-way
d0=$("$IT" diff "$T/s0.png" "$T/photo.jpg")
check "strength 0 = the input" "yes" "$(echo "$d0" | awk '{print ($1 < 0.001) ? "yes" : "no"}')"
d1=$("$IT" diff "$T/s1.png" "$T/photo.jpg")
dh=$("$IT" diff "$T/s0.5.png" "$T/photo.jpg")
echo "mean |out - JPEG|: strength 1 $d1, strength 0.5 $dh (of 255)"
check "strength 1 changes the image" "yes" "$(echo "$d1" | awk '{print ($1 > 0.2) ? "yes" : "no"}')"
check "strength 0.5 half-way" "yes" \
    "$(echo "$d1 $dh" | awk '{print ($2 > 0.4 * $1 && $2 < 0.6 * $1) ? "yes" : "no"}')"
# gray in, gray out; a folder output keeps the names
"$IT" make "$T/g.png" 40 32 1 0 u8 && "$IT" jpeg "$T/g.png" "$T/g.jpg" 30
"$MB" dejpeg -q -m "$M" "$T/g.jpg" -o "$T/g-out.png" >/dev/null 2>&1; check "gray file" 0 $?
check "gray stays gray" "40 32 1 0 u8" "$("$IT" probe "$T/g-out.png")"
# a folder output keeps the names; a broken file fails alone
echo junk > "$T/bad.png"
"$MB" dejpeg -q -m "$M" "$T/bad.png" "$T/photo.jpg" -o "$T/out/" >/dev/null 2>&1; check "a bad file: status 1" 1 $?
[ -f "$T/out/photo.jpg" ] && [ ! -f "$T/out/bad.png" ]; check "the good one written, not the bad" 0 $?
# a super-resolution model is refused
for d in "$MAMBAIR_SOURCE_ROOT/tests/data/golden/tiny_sr_x2_ps" "$MAMBAIR_SHARED/golden/tiny_sr_x2_ps"; do
    if [ -f "$d/model.pth" ]; then
        "$MB" dejpeg -q -m "$d/model.pth" "$T/photo.jpg" -o "$T/sr.png" >/dev/null 2>&1
        check "an SR model: usage error" 2 $?
        break
    fi
done
# without -m: the built-in model, or a message naming it
if [ -f "$MAMBAIR_SOURCE_ROOT/data/models/dejpeg.safetensors" ]; then
    "$MB" dejpeg -q "$T/photo.jpg" -o "$T/builtin.png" >/dev/null 2>&1; check "built-in model" 0 $?
else
    MAMBAIR_MODEL_DIR="$T" "$MB" dejpeg -q "$T/photo.jpg" -o "$T/builtin.png" >/dev/null 2>"$T/err"
    check "no built-in model yet: status 1" 1 $?
    grep -q "dejpeg.safetensors was not found" "$T/err"; check "the message names the model" 0 $?
    [ ! -f "$T/builtin.png" ]; check "no output written" 0 $?
fi
exit $fail
