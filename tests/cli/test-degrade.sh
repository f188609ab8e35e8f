#!/bin/sh
# test-degrade.sh — `mambair degrade`: LR sizes (modcrop / scale), gray stays
# gray, the same seed writes the same files, another seed other ones, an
# image's LR does not depend on the other files, eval pairs the folders
# (a JPEG HR folder too),
# --jpeg writes the bicubic LR through a JPEG of that quality,
# `mambair train --degrade photo` runs and resumes with it; usage errors.
# Usage: test-degrade.sh MAMBAIR IMAGE_TOOL
MB="$1"
IT="$2"
fail=0
check() {
    if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/hr" "$T/one"
cp "$MAMBAIR_SOURCE_ROOT/data/samples/kodim23-crop.png" "$T/hr/k.png"
cp "$T/hr/k.png" "$T/one/k.png"
"$IT" make "$T/hr/g.png" 41 30 1 0 u8 || { echo "FAIL: cannot make test images"; exit 1; }

"$MB" degrade --help | grep -q -- "--seed"; check "degrade --help" 0 $?
"$MB" degrade -s 2 "$T/hr" "$T/x" >/dev/null 2>&1; check "no --seed: usage error" 2 $?
"$MB" degrade --seed 1 "$T/hr" "$T/x" >/dev/null 2>&1; check "no -s: usage error" 2 $?
"$MB" degrade --seed abc -s 2 "$T/hr" "$T/x" >/dev/null 2>&1; check "bad seed: usage error" 2 $?

"$MB" degrade -q --seed 7 -s 2 "$T/hr" "$T/a"; check "degrade x2" 0 $?
check "LR size" "64 48 3 0 u8" "$("$IT" probe "$T/a/k.png")"
check "gray LR, modcrop 40x30 / 2" "20 15 1 0 u8" "$("$IT" probe "$T/a/g.png")"
"$MB" degrade -q --seed 7 -s 2 "$T/hr" "$T/b"
cmp -s "$T/a/k.png" "$T/b/k.png" && cmp -s "$T/a/g.png" "$T/b/g.png"; check "same seed, same files" 0 $?
"$MB" degrade -q --seed 7 -s 2 "$T/one" "$T/c"
cmp -s "$T/a/k.png" "$T/c/k.png"; check "an image's LR does not depend on the other files" 0 $?
"$MB" degrade -q --seed 8 -s 2 "$T/hr" "$T/d"
d=$("$IT" diff "$T/a/k.png" "$T/d/k.png")
check "another seed, another LR" "yes" "$(echo "$d" | awk '{print ($1 > 0.5) ? "yes" : "no"}')"
"$MB" degrade -q --seed 7 -s 4 "$T/hr" "$T/e"; check "degrade x4" 0 $?
check "x4 LR size" "32 24 3 0 u8" "$("$IT" probe "$T/e/k.png")"
"$MB" eval -q --task sr -s 2 --hr "$T/hr" --lr "$T/a" --bicubic >"$T/out" 2>&1; check "eval pairs HR and degraded LR" 0 $?
check "two rows + mean" "3" "$(grep -c '^| \(k\|g\|\*\*mean\*\*\) |' "$T/out")"
# degrade writes NAME.png whatever the HR format: eval pairs a JPEG HR with it
mkdir "$T/hrj"
"$IT" jpeg "$T/hr/k.png" "$T/hrj/k.jpg" 90 || { echo "FAIL: cannot make a JPEG"; exit 1; }
"$MB" degrade -q --seed 7 -s 2 "$T/hrj" "$T/aj"; check "degrade a JPEG HR" 0 $?
check "its LR is a PNG" "64 48 3 0 u8" "$("$IT" probe "$T/aj/k.png")"
"$MB" eval -q --task sr -s 2 --hr "$T/hrj" --lr "$T/aj" --bicubic >"$T/outj" 2>&1
check "eval pairs a JPEG HR with its degraded PNG" 0 $?
check "one row + mean" "2" "$(grep -c '^| \(k\|\*\*mean\*\*\) |' "$T/outj")"

# --jpeg: the benchmarks' LR through one real JPEG, nothing random
"$MB" degrade -q --jpeg 95 -s 2 "$T/hr" "$T/j95"; check "degrade --jpeg 95" 0 $?
"$MB" degrade -q --jpeg 20 -s 2 "$T/hr" "$T/j20"; check "degrade --jpeg 20" 0 $?
check "--jpeg: LR size" "64 48 3 0 u8" "$("$IT" probe "$T/j20/k.png")"
check "--jpeg: gray stays gray" "20 15 1 0 u8" "$("$IT" probe "$T/j20/g.png")"
"$MB" degrade -q --jpeg 20 -s 2 "$T/hr" "$T/j20b"
cmp -s "$T/j20/k.png" "$T/j20b/k.png"; check "--jpeg: the same files again" 0 $?
# bicubic from the JPEG LR against the HR: q 95 within 0.5 dB of the clean
# LR's (eval makes it from HR itself), q 20 at least 1 dB below it
psnr() { "$MB" eval -q --task sr -s 2 --hr "$T/one" "$@" --bicubic -t 1 | grep '^|' | tail -n 1 |
    awk -F'|' '{split($4, a, "/"); print a[1] + 0}'; }
clean=$(psnr) q95=$(psnr --lr "$T/j95") q20=$(psnr --lr "$T/j20")
check "--jpeg 95 is close to the clean LR ($q95 / $clean dB)" yes \
    "$(awk -v a="$q95" -v b="$clean" 'BEGIN { print (b - a < 0.5 && b - a >= 0) ? "yes" : "no" }')"
check "--jpeg 20 costs more than 1 dB ($q20 / $clean dB)" yes \
    "$(awk -v a="$q20" -v b="$clean" 'BEGIN { print (b - a > 1) ? "yes" : "no" }')"
"$MB" degrade --jpeg 20 --seed 1 -s 2 "$T/hr" "$T/x" >/dev/null 2>&1; check "--jpeg with --seed: usage error" 2 $?
"$MB" degrade --jpeg 0 -s 2 "$T/hr" "$T/x" >/dev/null 2>&1; check "--jpeg 0: usage error" 2 $?
"$MB" degrade --jpeg 101 -s 2 "$T/hr" "$T/x" >/dev/null 2>&1; check "--jpeg 101: usage error" 2 $?

# training on photo degradations, resumed
tiny="--embed 30 --depths 1 --d-state 4 --batch 2 --patch 16 -t 2 --log-every 1"
"$MB" train -o "$T/run" --degrade photo --data "$T/one" $tiny --steps 2 >"$T/t1" 2>&1; check "train --degrade photo" 0 $?
grep -q "LR: photo degradations" "$T/run/train.log"; check "logged" 0 $?
"$MB" train -o "$T/run" --data "$T/one" $tiny --steps 3 --resume "$T/run/last.safetensors" >"$T/t2" 2>&1
check "resume" 0 $?
[ "$(grep -c "LR: photo degradations" "$T/run/train.log")" -eq 2 ]; check "the resumed run keeps the degradations" 0 $?
"$MB" train -o "$T/run2" --degrade photo --task denoise --data "$T/one" $tiny --steps 1 >/dev/null 2>&1
check "--degrade photo with denoise: usage error" 2 $?
"$MB" train -o "$T/run2" --degrade blur --data "$T/one" $tiny --steps 1 >/dev/null 2>&1
check "--degrade blur: usage error" 2 $?
exit $fail
