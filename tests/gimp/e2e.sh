#!/bin/sh
# e2e.sh VERSION PLUGIN CHECKER — the plug-in in real headless GIMP.
#
# Installs PLUGIN into a private GIMP profile, derives test images from
# data/samples/kodim23-crop.png inside GIMP (gray, 16-bit, alpha, selection),
# calls plug-in-mambair from Script-Fu for every task and output mode, saves
# PNGs, and checks them with CHECKER (tests/gimp/gimp-check.c) against what
# the engine produces for the same input. VERSION is 2 (GIMP 2.10) or 3.
# Runs where that GIMP is installed (natively, or inside the trixie chroot).
set -u
ver=$1 plugin=$2 check=$3
src=${MAMBAIR_SOURCE_ROOT:?}
sample=$src/data/samples/kodim23-crop.png

# The tiny golden models (random weights: outputs are not pretty, but they
# run in well under a second and exercise every code path).
gold=""
for d in "${MAMBAIR_TESTDATA:-}/golden" "${MAMBAIR_SHARED:-}/golden"; do
    [ -f "$d/tiny_sr_x2_ps/model.pth" ] && { gold=$d; break; }
done
if [ -z "$gold" ]; then
    echo "SKIP: no golden models (tests/data/golden or \$MAMBAIR_SHARED/golden)"
    exit 77
fi
sr2=$gold/tiny_sr_x2_ps/model.pth sr3=$gold/tiny_sr_x3_ps/model.pth
sr4=$gold/tiny_sr_x4_ps/model.pth dn=$gold/tiny_dn_rgb/model.pth gray=$gold/tiny_car_gray/model.pth

work=$(mktemp -d "${TMPDIR:-/tmp}/mambair-gimp$ver.XXXXXX")
out=$work/out
mkdir -p "$out" "$work/profile/plug-ins/plug-in-mambair"
cp "$plugin" "$work/profile/plug-ins/plug-in-mambair/plug-in-mambair"
echo "work folder: $work"

# Built-in models (model-file ""): stand-ins in $MAMBAIR_MODEL_DIR, which the
# plug-in searches when its own folder has no models/ — two different x2
# models as sr-x2 and photo-x2; for x3 the tiny sr-x3 and the built-in
# photo-x3 of the source tree.
real2=$gold/real_lightsr_x2/model.pth
mkdir -p "$work/models"
cp "$sr2" "$work/models/sr-x2.safetensors" # the format is found from the content
cp "$sr3" "$work/models/sr-x3.safetensors"
[ -f "$real2" ] && cp "$real2" "$work/models/photo-x2.safetensors"
photo3=$src/data/models/photo-x3.safetensors
cp "$photo3" "$work/models/photo-x3.safetensors"
export MAMBAIR_MODEL_DIR=$work/models

if [ "$ver" = 2 ]; then
    gimp="gimp-console-2.10"
    export GIMP2_DIRECTORY=$work/profile
    flags="-i -d -f"
    prelude='
(define (load f) (car (gimp-file-load RUN-NONINTERACTIVE f f)))
(define (layer img) (car (gimp-image-get-active-drawable img)))
(define (nlayers img) (car (gimp-image-get-layers img)))
(define (save img f)
  (let* ((dup (car (gimp-image-duplicate img))))
    (if (> (nlayers dup) 1) (gimp-image-flatten dup))
    (file-png-save2 RUN-NONINTERACTIVE dup (layer dup) f f 0 9 0 0 0 0 0 0 0)
    (gimp-image-delete dup)))
(define (mambair img d task noise model output)
  (plug-in-mambair RUN-NONINTERACTIVE img d task noise model 0 0 output))
(define (to-indexed img)
  (gimp-image-convert-indexed img CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE ""))'
else
    gimp="gimp-console-3.0"
    export GIMP3_DIRECTORY=$work/profile
    flags="-i -d -f --batch-interpreter=plug-in-script-fu-eval"
    prelude='
(define (load f) (car (gimp-file-load RUN-NONINTERACTIVE f)))
(define (layer img) (vector-ref (car (gimp-image-get-layers img)) 0))
(define (nlayers img) (vector-length (car (gimp-image-get-layers img))))
(define (save img f)
  (let* ((dup (car (gimp-image-duplicate img))))
    (if (> (nlayers dup) 1) (gimp-image-flatten dup))
    (gimp-file-save RUN-NONINTERACTIVE dup f)
    (gimp-image-delete dup)))
(define (mambair img d task noise model output)
  (plug-in-mambair #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector d)
                   #:task task #:noise-level noise #:model-file model #:output output))
(define (to-indexed img) (gimp-image-convert-indexed img CONVERT-DITHER-NONE
                          CONVERT-PALETTE-GENERATE 16 FALSE FALSE ""))'
fi
if ! command -v "$gimp" >/dev/null; then
    echo "SKIP: $gimp is not installed"
    exit 77
fi

# One -b per case (a failing case does not stop the others); each carries
# the prelude because definitions do not outlive their -b.
cases=$work/cases
: >"$cases"
add() { printf '(begin %s %s)\n' "$prelude" "$1" | tr '\n' ' ' >>"$cases"; echo >>"$cases"; }
S="\"$sample\"" O="$out"

# 1. SR x2, scale the image (8-bit RGB)
add "(let* ((img (load $S))) (save img \"$O/in8.png\")
  (mambair img (layer img) \"sr-x2\" 25 \"$sr2\" \"scale-image\") (save img \"$O/sr2-scale.png\"))"
# 2. SR x3 into a new image; the original stays as it was
add "(let* ((img (load $S)) (new (car (mambair img (layer img) \"sr-x3\" 25 \"$sr3\" \"new-image\"))))
  (save new \"$O/sr3-new.png\") (save img \"$O/sr3-orig.png\"))"
# 3. SR x4 at 16-bit precision (250 = 16-bit non-linear in 2.10 and 3.0)
add "(let* ((img (load $S))) (gimp-image-convert-precision img 250) (save img \"$O/in16.png\")
  (mambair img (layer img) \"sr-x4\" 25 \"$sr4\" \"scale-image\") (save img \"$O/sr4-16.png\"))"
# 4. denoise in place on a rectangular selection
add "(let* ((img (load $S))) (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 30 20 50 40)
  (mambair img (layer img) \"denoise\" 25 \"$dn\" \"in-place\") (save img \"$O/dn-sel.png\"))"
# 5. denoise as a new layer (saved merged: the new, fully restored layer is on top)
add "(let* ((img (load $S))) (mambair img (layer img) \"denoise\" 15 \"$dn\" \"new-layer\")
  (if (= (nlayers img) 2) (save img \"$O/dn-layer.png\")))"
# 6. gray image, 1-channel model, in place
add "(let* ((img (load $S))) (gimp-image-convert-grayscale img) (save img \"$O/in-gray.png\")
  (mambair img (layer img) \"denoise\" 50 \"$gray\" \"in-place\") (save img \"$O/dn-gray.png\"))"
# 7. gray image through an RGB model stays gray
add "(let* ((img (load $S))) (gimp-image-convert-grayscale img)
  (mambair img (layer img) \"sr-x2\" 25 \"$sr2\" \"scale-image\") (save img \"$O/sr2-gray.png\"))"
# 8. alpha: the left 40 columns hidden, once over black and once over white
#    colour; visible pixels of the results must not depend on hidden colour
for c in black:0 white:255; do
    name=${c%:*} v=${c#*:}
    add "(let* ((img (load $S)) (d (layer img))) (gimp-layer-add-alpha d)
      (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 0 0 40 96)
      (gimp-context-set-foreground (list $v $v $v)) (gimp-drawable-edit-fill d FILL-FOREGROUND)
      (gimp-selection-invert img)
      (let ((m (car (gimp-layer-create-mask d ADD-MASK-SELECTION))))
        (gimp-layer-add-mask d m) (gimp-layer-remove-mask d MASK-APPLY))
      (gimp-selection-none img)
      (mambair img d \"sr-x2\" 25 \"$sr2\" \"scale-image\") (save img \"$O/alpha-$name.png\"))"
done
# 9. JPEG artefact removal in place on a selection (a residual-head model:
#    the same shapes as a denoiser)
add "(let* ((img (load $S))) (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 10 40 60 30)
  (mambair img (layer img) \"dejpeg\" 25 \"$dn\" \"in-place\") (save img \"$O/dejpeg-sel.png\"))"
# 10. refused: an indexed image, and a model for another task
add "(let* ((img (load $S))) (to-indexed img)
  (catch (save img \"$O/indexed-refused.png\") (mambair img (layer img) \"sr-x2\" 25 \"$sr2\" \"scale-image\")))"
add "(let* ((img (load $S)))
  (catch (save img \"$O/wrong-model-refused.png\") (mambair img (layer img) \"sr-x2\" 25 \"$dn\" \"scale-image\")))"

# 11. the built-in x2 model (clean by default); in GIMP 3 also "source":
#     photo and clean at x2, photo at x3 (each scale its own photo model)
add "(let* ((img (load $S))) (mambair img (layer img) \"sr-x2\" 25 \"\" \"scale-image\")
  (save img \"$O/builtin-x2.png\"))"
if [ "$ver" = 3 ] && [ -f "$real2" ]; then
    for c in photo:sr-x2 clean:sr-x2 photo:sr-x3; do
        add "(let* ((img (load $S))) (plug-in-mambair #:run-mode RUN-NONINTERACTIVE #:image img
          #:drawables (vector (layer img)) #:task \"${c#*:}\" #:model-file \"\" #:source \"${c%:*}\")
          (save img \"$O/source-${c%:*}-${c#*:}.png\"))"
    done
fi
# 12. the source chosen from the image: a picture opened from a JPEG saved at
#     quality 30 is enlarged with the photo model, one of quality 90 with the
#     clean one (GIMP's JPEG loader records the quality in the image)
if [ -f "$real2" ]; then
    for q in 30 90; do
        add "(let* ((img (load \"$src/tests/data/images/kodim23-crop-q$q.jpg\"))) (save img \"$O/in-q$q.png\")
          (mambair img (layer img) \"sr-x2\" 25 \"\" \"scale-image\") (save img \"$O/auto-q$q.png\"))"
    done
fi

# shellcheck disable=SC2086
set -- $flags
while IFS= read -r line; do [ -n "$line" ] && set -- "$@" -b "$line"; done <"$cases"
"$gimp" "$@" -b '(gimp-quit 0)' >"$work/gimp.log" 2>&1
echo "GIMP exit status $? (log: $work/gimp.log)"
grep -i -E "error|fail|crash|critical" "$work/gimp.log" | grep -v -E "Missing arg type|Broken pipe|Gtk-WARNING|cannot open display" | head -20

fail=0
ck() { "$check" "$@" || { fail=$((fail + 1)); echo "FAILED: $*"; }; }
exists() { [ -f "$1" ] && echo "$1 exists ok" || { fail=$((fail + 1)); echo "FAILED: $1 missing ($2)"; }; }
ck png "$O/sr2-scale.png" 256 192 8 2
ck core "$sr2" "$O/in8.png" "$O/sr2-scale.png"
ck png "$O/sr3-new.png" 384 288 8 2
ck core "$sr3" "$O/in8.png" "$O/sr3-new.png"
ck png "$O/sr3-orig.png" 128 96 8 2
ck core "$dn" "$O/in8.png" "$O/sr3-orig.png" 0 0 0 0  # empty region: all must equal the input
ck png "$O/sr4-16.png" 512 384 16 2
ck core "$sr4" "$O/in16.png" "$O/sr4-16.png"
ck png "$O/dn-sel.png" 128 96 8 2
ck core "$dn" "$O/in8.png" "$O/dn-sel.png" 30 20 50 40
ck png "$O/dn-layer.png" 128 96 8 2
ck core "$dn" "$O/in8.png" "$O/dn-layer.png"
ck png "$O/dejpeg-sel.png" 128 96 8 2
ck core "$dn" "$O/in8.png" "$O/dejpeg-sel.png" 10 40 60 30
ck png "$O/dn-gray.png" 128 96 8 0
ck core "$gray" "$O/in-gray.png" "$O/dn-gray.png"
ck png "$O/sr2-gray.png" 256 192 8 0
ck png "$O/alpha-black.png" 256 192 8 6
ck visible "$O/alpha-black.png" "$O/alpha-white.png"
ck core "$sr2" "$O/in8.png" "$O/builtin-x2.png"
if [ "$ver" = 3 ] && [ -f "$real2" ]; then
    ck core "$real2" "$O/in8.png" "$O/source-photo-sr-x2.png"
    ck core "$sr2" "$O/in8.png" "$O/source-clean-sr-x2.png"
    ck core "$photo3" "$O/in8.png" "$O/source-photo-sr-x3.png"
fi
if [ -f "$real2" ]; then
    ck png "$O/auto-q30.png" 256 192 8 2
    ck core "$real2" "$O/in-q30.png" "$O/auto-q30.png"
    ck core "$sr2" "$O/in-q90.png" "$O/auto-q90.png"
fi
exists "$O/indexed-refused.png" "an indexed image must be refused with an error"
exists "$O/wrong-model-refused.png" "a denoise model for an SR task must be refused"
echo "$fail check(s) failed"
[ "$fail" = 0 ] && rm -rf "$work"
[ "$fail" = 0 ]
