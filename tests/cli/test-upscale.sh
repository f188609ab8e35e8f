#!/bin/sh
# test-upscale.sh — end-to-end tests of `mambair upscale` / `mambair denoise`
# on small generated images: sizes, bit depths, alpha, gray, overwrite
# refusal, batch with one bad file, exit codes.
# Usage: test-upscale.sh MAMBAIR IMAGE_TOOL
MB="$1"
IT="$2"
fail=0
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then echo "FAIL: $1: expected '$2', got '$3'"; fail=1; else echo "ok: $1"; fi
}
find_model() {
    for d in "$MAMBAIR_SOURCE_ROOT/tests/data/golden/$1" "$MAMBAIR_SHARED/golden/$1"; do
        if [ -f "$d/model.pth" ]; then echo "$d/model.pth"; return; fi
    done
}
SR=$(find_model tiny_sr_x2_ps)
DN=$(find_model tiny_dn_rgb)
GRAY=$(find_model tiny_car_gray)
if [ -z "$SR" ] || [ -z "$DN" ]; then
    echo "SKIP: golden models not found in tests/data/golden or \$MAMBAIR_SHARED/golden"
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# help and usage errors
"$MB" upscale --help | grep -q -- "--scale" ; check "upscale --help" 0 $?
"$MB" denoise --help | grep -q -- "--sigma" ; check "denoise --help" 0 $?
"$MB" upscale -s 2 -m "$SR" >/dev/null 2>&1; check "no input: usage error" 2 $?
"$MB" upscale -s 5 x.png -o y.png >/dev/null 2>&1; check "bad scale: usage error" 2 $?

# 8-bit RGB, 16-bit RGB, float RGB (TIFF keeps float), gray, RGBA
"$IT" make "$T/rgb8.png" 13 9 3 0 u8 && "$IT" make "$T/rgb16.png" 11 7 3 0 u16 &&
"$IT" make "$T/rgbf.tif" 10 6 3 0 float && "$IT" make "$T/gray.png" 12 8 1 0 u8 &&
"$IT" make "$T/rgba.png" 16 8 3 1 u8 || { echo "FAIL: cannot make test images"; exit 1; }

"$MB" upscale -q -s 2 -m "$SR" "$T/rgb8.png" -o "$T/out8.png"; check "8-bit run" 0 $?
check "8-bit size/type" "26 18 3 0 u8" "$("$IT" probe "$T/out8.png")"
"$MB" upscale -q -s 2 -m "$SR" "$T/rgb16.png" -o "$T/out16.png"; check "16-bit run" 0 $?
check "16-bit keeps precision" "22 14 3 0 u16" "$("$IT" probe "$T/out16.png")"
"$MB" upscale -q -s 2 -m "$SR" "$T/rgbf.tif" -o "$T/outf.tif"; check "float run" 0 $?
check "float keeps precision" "20 12 3 0 float" "$("$IT" probe "$T/outf.tif")"
"$IT" make "$T/rgbf.exr" 9 5 3 1 float || { echo "FAIL: cannot make an EXR"; exit 1; }
"$MB" upscale -q -s 2 -m "$SR" "$T/rgbf.exr" -o "$T/outf.exr"; check "OpenEXR run" 0 $?
check "OpenEXR float + alpha" "18 10 3 1 float" "$("$IT" probe "$T/outf.exr")"
"$MB" upscale -q -s 2 -m "$SR" "$T/gray.png" -o "$T/outg.png"; check "gray run" 0 $?
check "gray stays gray" "24 16 1 0 u8" "$("$IT" probe "$T/outg.png")"
# every format writes gray and alpha pictures (a gray PPM used to be refused
# as "cut short": the check expected one channel where the saver writes three)
for ext in ppm pgm jpg webp tif png; do
    "$MB" upscale -q -s 2 -m "$SR" "$T/gray.png" -o "$T/outg.$ext"; check "gray to .$ext" 0 $?
    check "gray to .$ext: size" "24 16" "$("$IT" probe "$T/outg.$ext" | cut -d' ' -f1-2)"
done
# JPEG and PPM keep no transparency: said, once per file, even with -q
"$MB" upscale -q -s 2 -m "$SR" "$T/rgba.png" -o "$T/outa.jpg" 2>"$T/err"; check "alpha to JPEG" 0 $?
check "alpha to JPEG: said" 1 "$(grep -c "keeps no transparency" "$T/err")"
"$MB" upscale -q -s 2 -m "$SR" "$T/rgba.png" -o "$T/outa.ppm" 2>"$T/err"; check "alpha to PPM" 0 $?
check "alpha to PPM: said" 1 "$(grep -c "keeps no transparency" "$T/err")"
"$MB" upscale -q -s 2 -m "$SR" "$T/rgb8.png" -o "$T/out8.jpg" 2>"$T/err"; check "opaque to JPEG: nothing said" "" "$(cat "$T/err")"
"$MB" upscale -q -s 2 -m "$SR" "$T/rgba.png" -o "$T/outa.png"; check "alpha run" 0 $?
check "alpha kept" "32 16 3 1 u8" "$("$IT" probe "$T/outa.png")"
check "opaque stays opaque" "1.0000" "$("$IT" alpha "$T/outa.png" 2 8)"
check "transparent stays transparent" "0.0000" "$("$IT" alpha "$T/outa.png" 30 8)"
if [ -n "$GRAY" ]; then
    "$MB" denoise -q --sigma 25 -m "$GRAY" "$T/rgb8.png" -o "$T/dn-gray-model.png"; check "RGB through a gray model" 0 $?
    check "RGB through a gray model stays RGB" "13 9 3 0 u8" "$("$IT" probe "$T/dn-gray-model.png")"
fi

# a phone photo stored sideways with EXIF orientation 6 ("turn clockwise")
# comes out upright, as viewers show it (the result carries no EXIF)
"$IT" jpeg "$T/rgb8.png" "$T/plain.jpg" 90 || { echo "FAIL: cannot make a JPEG"; exit 1; }
{ printf '\377\330\377\341\000\042Exif\000\000MM\000\052\000\000\000\010\000\001\001\022\000\003'
  printf '\000\000\000\001\000\006\000\000\000\000\000\000'
  tail -c +3 "$T/plain.jpg"; } >"$T/sideways.jpg"
"$MB" upscale -q -s 2 -m "$SR" "$T/sideways.jpg" -o "$T/upright.png"; check "EXIF orientation 6: run" 0 $?
check "EXIF orientation 6: upright" "18 26" "$("$IT" probe "$T/upright.png" | cut -d' ' -f1-2)"

# denoise keeps the size; a SR model is refused for denoise and vice versa
"$MB" denoise -q --sigma 15 -m "$DN" "$T/rgb8.png" -o "$T/dn.png"; check "denoise run" 0 $?
check "denoise size" "13 9 3 0 u8" "$("$IT" probe "$T/dn.png")"
"$MB" denoise -q -m "$SR" "$T/rgb8.png" -o "$T/x.png" 2>/dev/null; check "SR model refused by denoise" 2 $?
"$MB" upscale -q -s 3 -m "$SR" "$T/rgb8.png" -o "$T/x.png" 2>/dev/null; check "scale mismatch refused" 2 $?

# never overwrite the input unless --force
cp "$T/rgb8.png" "$T/same.png"
before=$(cksum < "$T/same.png")
"$MB" upscale -q -s 2 -m "$SR" "$T/same.png" -o "$T/same.png" 2>"$T/err"; check "overwrite refused: status" 1 $?
grep -q "refusing to overwrite" "$T/err"; check "overwrite refused: message" 0 $?
check "input untouched" "$before" "$(cksum < "$T/same.png")"
"$MB" upscale -q -f -s 2 -m "$SR" "$T/same.png" -o "$T/same.png"; check "--force overwrites" 0 $?
check "--force result" "26 18 3 0 u8" "$("$IT" probe "$T/same.png")"
# writing into the input's own folder means the same names: refused too
"$MB" upscale -q -s 2 -m "$SR" "$T/rgb8.png" -o "$T" 2>/dev/null; check "folder = input folder refused" 1 $?

# batch: one bad file does not stop the others; summary; status 1
echo "not an image" > "$T/bad.png"
mkdir "$T/batch"
"$MB" upscale -s 2 -m "$SR" "$T/rgb8.png" "$T/bad.png" "$T/gray.png" -o "$T/batch" >"$T/log" 2>&1
check "batch with a bad file: status" 1 $?
check "batch: first done" "26 18 3 0 u8" "$("$IT" probe "$T/batch/rgb8.png" 2>/dev/null)"
check "batch: third done" "24 16 1 0 u8" "$("$IT" probe "$T/batch/gray.png" 2>/dev/null)"
check "batch: nothing written for the bad file" "no" "$([ -e "$T/batch/bad.png" ] && echo yes || echo no)"
grep -q "2 of 3 image(s) done, 1 failed" "$T/log"; check "batch summary" 0 $?
grep -q "bad.png: FAILED" "$T/log"; check "batch names the failure" 0 $?
check "no temporary files left" "" "$(ls -A "$T/batch" | grep partial)"
# plain progress lines when not a terminal
grep -q "\[1/3\] rgb8.png: started" "$T/log"; check "plain progress lines" 0 $?
"$MB" upscale -q -s 2 -m "$SR" "$T/rgb8.png" -o "$T/q.png" >"$T/qlog" 2>&1; check "--quiet run" 0 $?
check "--quiet prints nothing" "" "$(cat "$T/qlog")"

# --source: the built-in model of each kind, from $MAMBAIR_MODEL_DIR (stand-ins:
# two different x2 models as sr-x2 and photo-x2; a damaged file as photo-x3)
REAL2=$(find_model real_lightsr_x2)
SR3=$(find_model tiny_sr_x3_ps)
if [ -n "$REAL2" ] && [ -n "$SR3" ]; then
    mkdir "$T/models"
    cp "$SR" "$T/models/sr-x2.safetensors" # the format is found from the content
    cp "$REAL2" "$T/models/photo-x2.safetensors"
    cp "$SR3" "$T/models/sr-x3.safetensors"
    head -c 300 "$SR3" >"$T/models/photo-x3.safetensors"
    "$MB" upscale -q -s 2 -m "$SR" "$T/rgb8.png" -o "$T/want-clean.png" &&
        "$MB" upscale -q -s 2 -m "$REAL2" "$T/rgb8.png" -o "$T/want-photo.png" &&
        "$MB" upscale -q -s 3 -m "$SR3" "$T/rgb8.png" -o "$T/want-x3.png"
    check "explicit models run" 0 $?
    [ "$(cksum <"$T/want-clean.png")" != "$(cksum <"$T/want-photo.png")" ]
    check "the two stand-in x2 models give different pictures" 0 $?
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 "$T/rgb8.png" -o "$T/def.png"
    check "built-in x2 run" 0 $?
    check "the default is the clean model" "$(cksum <"$T/want-clean.png")" "$(cksum <"$T/def.png")"
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 --source clean "$T/rgb8.png" -o "$T/clean.png"
    check "--source clean = the clean model" "$(cksum <"$T/want-clean.png")" "$(cksum <"$T/clean.png")"
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 --source photo "$T/rgb8.png" -o "$T/photo.png"
    check "--source photo run" 0 $?
    check "--source photo = the photo model" "$(cksum <"$T/want-photo.png")" "$(cksum <"$T/photo.png")"
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 3 --source photo "$T/rgb8.png" -o "$T/p3.png" 2>"$T/err"
    check "--source photo x3 (a damaged file): fails" 1 $?
    grep -q "photo-x3.safetensors" "$T/err"; check "--source photo x3 names the file" 0 $?
    check "--source photo x3: nothing written" "no" "$([ -e "$T/p3.png" ] && echo yes || echo no)"
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 3 --source clean "$T/rgb8.png" -o "$T/c3.png"
    check "--source clean x3 = sr-x3" "$(cksum <"$T/want-x3.png")" "$(cksum <"$T/c3.png" 2>/dev/null)"
    "$MB" upscale -q -s 2 --source photo -m "$SR" "$T/rgb8.png" -o "$T/x.png" 2>/dev/null
    check "--source with --model: usage error" 2 $?
    "$MB" upscale -q -s 2 --source jpeg "$T/rgb8.png" -o "$T/x.png" 2>/dev/null
    check "--source jpeg: usage error" 2 $?
    "$MB" denoise -q --source photo "$T/rgb8.png" -o "$T/x.png" 2>/dev/null
    check "--source for denoise: usage error" 2 $?
    # --source auto (the default): the photo model for a JPEG saved at a low
    # quality, the clean one for a better JPEG and for other files
    "$IT" jpeg "$T/rgb8.png" "$T/q30.jpg" 30 && "$IT" jpeg "$T/rgb8.png" "$T/q80.jpg" 80
    check "JPEGs made" 0 $?
    for k in clean photo; do
        MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 --source $k "$T/q30.jpg" -o "$T/q30-$k.png"
    done
    [ "$(cksum <"$T/q30-clean.png")" != "$(cksum <"$T/q30-photo.png")" ]
    check "the two models differ on the JPEG" 0 $?
    mkdir "$T/auto"
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -s 2 "$T/q30.jpg" "$T/q80.jpg" "$T/rgb8.png" -o "$T/auto/" \
        >"$T/auto.log" 2>&1
    check "auto batch run" 0 $?
    for k in clean photo; do
        mkdir "$T/b-$k"
        MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 --source $k "$T/q30.jpg" "$T/q80.jpg" "$T/rgb8.png" \
            -o "$T/b-$k/"
    done
    check "auto batch: quality 30 = the photo model" "$(cksum <"$T/b-photo/q30.jpg")" "$(cksum <"$T/auto/q30.jpg")"
    check "auto batch: quality 80 = the clean model" "$(cksum <"$T/b-clean/q80.jpg")" "$(cksum <"$T/auto/q80.jpg")"
    check "auto batch: PNG = the clean model" "$(cksum <"$T/b-clean/rgb8.png")" "$(cksum <"$T/auto/rgb8.png")"
    grep -q "q30.jpg: a JPEG saved at quality about 30: enlarged with the photo model" "$T/auto.log"
    check "auto: the photo choice is said" 0 $?
    check "auto: nothing said of the others" 1 "$(grep -c "quality about" "$T/auto.log")"
    check "auto batch: 3 results" 3 "$(ls "$T/auto" | wc -l)"
    # a PNG holding JPEG bytes is what its content says; --source auto named
    cp "$T/q30.jpg" "$T/named.png"
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 --source auto "$T/named.png" -o "$T/an.png" \
        >"$T/qlog" 2>&1
    check "auto: format from the content" "$(cksum <"$T/q30-photo.png")" "$(cksum <"$T/an.png")"
    check "auto with --quiet prints nothing" "" "$(cat "$T/qlog")"
    # the x3 photo model damaged: the clean one, and a warning
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 3 "$T/q30.jpg" -o "$T/a3.png" 2>"$T/err"
    check "auto x3 run" 0 $?
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 3 --source clean "$T/q30.jpg" -o "$T/c3q.png"
    check "auto x3, damaged photo model = the clean x3 model" "$(cksum <"$T/c3q.png")" "$(cksum <"$T/a3.png")"
    grep -q "1 JPEG(s) of low quality are enlarged with the clean model, as the photo model cannot be used" "$T/err"
    check "auto x3, damaged photo model: warned" 0 $?
    # the threshold depends on the scale (the photo model is ahead up to
    # quality 55 at x2, up to 60 at x4): 55 and 60 at x2, 55 and 65 at x4
    SR4=$(find_model tiny_sr_x4_ps)
    PH4=$(find_model tiny_lightsr_x4_psd)
    for q in 55 60 65; do "$IT" jpeg "$T/rgb8.png" "$T/q$q.jpg" $q || check "JPEG q$q made" 0 1; done
    for k in clean photo; do
        MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 --source $k "$T/q55.jpg" "$T/q60.jpg" -o "$T/t2-$k/"
    done
    MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 2 "$T/q55.jpg" "$T/q60.jpg" -o "$T/t2-auto/"
    check "auto x2: quality 55 = the photo model" "$(cksum <"$T/t2-photo/q55.jpg")" "$(cksum <"$T/t2-auto/q55.jpg")"
    check "auto x2: quality 60 = the clean model" "$(cksum <"$T/t2-clean/q60.jpg")" "$(cksum <"$T/t2-auto/q60.jpg")"
    if [ -n "$SR4" ] && [ -n "$PH4" ]; then
        cp "$SR4" "$T/models/sr-x4.safetensors"
        cp "$PH4" "$T/models/photo-x4.safetensors"
        for k in clean photo; do
            MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 4 --source $k "$T/q55.jpg" "$T/q65.jpg" -o "$T/t4-$k/"
        done
        MAMBAIR_MODEL_DIR="$T/models" "$MB" upscale -q -s 4 "$T/q55.jpg" "$T/q65.jpg" -o "$T/t4-auto/"
        [ "$(cksum <"$T/t4-clean/q55.jpg")" != "$(cksum <"$T/t4-photo/q55.jpg")" ]
        check "the two stand-in x4 models give different pictures" 0 $?
        check "auto x4: quality 55 = the photo model" "$(cksum <"$T/t4-photo/q55.jpg")" "$(cksum <"$T/t4-auto/q55.jpg")"
        check "auto x4: quality 65 = the clean model" "$(cksum <"$T/t4-clean/q65.jpg")" "$(cksum <"$T/t4-auto/q65.jpg")"
        rm -f "$T/models/sr-x4.safetensors" "$T/models/photo-x4.safetensors"
    else
        echo "SKIP auto x4 threshold: no x4 test models (golden/tiny_sr_x4_ps, tiny_lightsr_x4_psd)"
    fi
    # x3 with the shipped models (the photo model ahead up to quality 60):
    # 60 and 65
    if [ -f "$MAMBAIR_SOURCE_ROOT/data/models/photo-x3.safetensors" ]; then
        mkdir "$T/m3"
        cp "$MAMBAIR_SOURCE_ROOT/data/models/sr-x3.safetensors" "$MAMBAIR_SOURCE_ROOT/data/models/photo-x3.safetensors" \
            "$T/m3/"
        "$IT" jpeg "$T/rgb8.png" "$T/q60.jpg" 60 && "$IT" jpeg "$T/rgb8.png" "$T/q65.jpg" 65
        check "JPEGs q60, q65 made" 0 $?
        for k in clean photo; do
            MAMBAIR_MODEL_DIR="$T/m3" "$MB" upscale -q -s 3 --source $k "$T/q60.jpg" "$T/q65.jpg" -o "$T/t3-$k/"
        done
        MAMBAIR_MODEL_DIR="$T/m3" "$MB" upscale -s 3 "$T/q60.jpg" "$T/q65.jpg" -o "$T/t3-auto/" >"$T/t3.log" 2>&1
        check "auto x3 with the shipped models: run" 0 $?
        [ "$(cksum <"$T/t3-clean/q60.jpg")" != "$(cksum <"$T/t3-photo/q60.jpg")" ]
        check "the x3 models give different pictures" 0 $?
        check "auto x3: quality 60 = the photo model" "$(cksum <"$T/t3-photo/q60.jpg")" "$(cksum <"$T/t3-auto/q60.jpg")"
        check "auto x3: quality 65 = the clean model" "$(cksum <"$T/t3-clean/q65.jpg")" "$(cksum <"$T/t3-auto/q65.jpg")"
        grep -q "q60.jpg: a JPEG saved at quality about 60: enlarged with the photo model" "$T/t3.log"
        check "auto x3: the photo choice is said" 0 $?
    else
        echo "SKIP auto x3 threshold: data/models/photo-x3.safetensors is not in this tree"
    fi
    # the photo model unusable (a damaged file): the clean one, and a warning
    mkdir "$T/noph" && cp "$T/models/sr-x2.safetensors" "$T/noph/"
    head -c 300 "$T/models/photo-x2.safetensors" >"$T/noph/photo-x2.safetensors"
    MAMBAIR_MODEL_DIR="$T/noph" "$MB" upscale -q -s 2 "$T/q30.jpg" -o "$T/np.png" 2>"$T/err"
    check "auto, damaged photo model: runs" 0 $?
    check "auto, damaged photo model: the clean model" "$(cksum <"$T/q30-clean.png")" "$(cksum <"$T/np.png")"
    grep -q "enlarged with the clean model, as the photo model cannot be used" "$T/err"
    check "auto, damaged photo model: warned" 0 $?
else
    echo "skipped: the --source checks need the golden models real_lightsr_x2 and tiny_sr_x3_ps"
fi

# unwritable format: clear error, no file
"$MB" upscale -q -s 2 -m "$SR" "$T/rgb8.png" -o "$T/out.xyz" 2>"$T/err"; check "unknown output format" 1 $?
grep -q "cannot write" "$T/err"; check "unknown format message" 0 $?

exit $fail
