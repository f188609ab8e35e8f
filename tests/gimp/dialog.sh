#!/bin/sh
# dialog.sh VERSION PLUGIN CHECKER — the dialog under Xvfb, GIMP 2.10
# (VERSION 2) or 3.0 (VERSION 3), natively or in the trixie chroot, with the
# built-in models (installed beside the plug-in as a user install does).
#
# The plug-in logs under G_MESSAGES_DEBUG=mambair-preview each finished
# preview (scale, strength, mean change between the two sides), where its
# picture is, and where the split was dropped; the test drives the dialog
# with the keyboard and mouse as a user would and reads those lines.
#
# 1. Enlarge ×2 (data/samples/kodim23-macaw.png): wait for the preview, take
#    the screenshot dialog-sr-gimpVERSION.png; drag the split to a quarter of
#    the width (the plug-in must report the drop there), zoom in with
#    Ctrl+wheel (a new preview must come), take preview-gimpVERSION.png (the
#    picture alone); press OK and check the enlarged image against the
#    engine. GIMP 3 only, before OK: choose a model file (a copy of the
#    built-in x2: a new preview must come), then Reset ▸ Reset to Initial
#    Values: the dialog must show "Built-in" again (the plug-in logs the
#    model radio chosen) and compute the preview again.
# Then, with a stand-in photo model for x2 installed: the Source choice is
#    shown for x2, Alt+P (Photo) computes the preview with photo-x2, x3
#    keeps the choice and uses photo-x3, Remove noise (no photo model)
#    hides it; cancelled. A picture
#    opened from a JPEG of quality 30: Automatic (the default) computes the
#    preview with photo-x2; cancelled.
# 2. Remove noise (data/samples/kodim23-noisy.png): screenshot
#    dialog-denoise-gimpVERSION.png; lower the strength from 100 to 50 and 0
#    with the keyboard: each preview must change less (0: nothing); back to
#    100; switch the task to ×4 and back (the preview must follow), then to
#    JPEG artefact removal (its strength must act too) and back; press
#    OK, check the result against the engine, press Ctrl+Z once in the image
#    window and check the image is exactly the original again (one undo step).
#
# The screenshots stay in the build folder beside CHECKER; docs/screenshots/
# holds copies. Batch commands are read from a pipe (-b -) so that each is
# sent only when the previous dialog is done.
set -u
ver=$1 plugin=$2 check=$3
src=${MAMBAIR_SOURCE_ROOT:?}
gimp=gimp-3.0
[ "$ver" = 2 ] && gimp=gimp-2.10
for tool in Xvfb xdotool xwd xwdtopnm pnmtopng pngtopnm pnmcut $gimp; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
for m in sr-x2 sr-x4 denoise-s15 denoise-s25 denoise-s50 dejpeg; do
    [ -f "$src/data/models/$m.safetensors" ] || { echo "SKIP: no built-in model $m"; exit 77; }
done
gold=""
for d in "${MAMBAIR_TESTDATA:-}/golden" "${MAMBAIR_SHARED:-}/golden"; do
    [ -f "$d/tiny_dn_rgb/model.pth" ] && { gold=$d; break; }
done
[ -n "$gold" ] || { echo "SKIP: no golden models (for the undo check)"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mambair-dialog$ver.XXXXXX")
dir=$work/profile/plug-ins/plug-in-mambair
mkdir -p "$dir/models"
cp "$plugin" "$dir/"
cp "$src"/data/models/*.safetensors "$dir/models/"
export GIMP2_DIRECTORY=$work/profile GIMP3_DIRECTORY=$work/profile
export G_MESSAGES_DEBUG='mambair-preview mambair-dialog'
# numbers as an English-speaking user sees them (164,992) when the locale
# can be compiled here; the test itself does not depend on it
mkdir -p "$work/locale"
if localedef -i en_US -f UTF-8 "$work/locale/en_US.UTF-8" >/dev/null 2>&1 ||
    [ -f "$work/locale/en_US.UTF-8/LC_NUMERIC" ]; then
    export LOCPATH=$work/locale LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8
fi
shots=$(dirname "$check")
log=$work/gimp.log

Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$! gimp_pid=""
trap 'kill $gimp_pid $xvfb 2>/dev/null' EXIT
i=0
while [ $i -lt 100 ] && [ ! -s "$work/display" ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$work/display" ] || { echo "FAILED: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=:$(cat "$work/display")

fail() {
    echo "FAILED: $*"
    xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng >"$shots/dialog-failed-gimp$ver.png" &&
        echo "the screen at the failure: $shots/dialog-failed-gimp$ver.png"
    echo "--- last lines of the GIMP log:"
    tail -25 "$log"
    exit 1
}

# wait_lines PATTERN N: until the log has N lines matching PATTERN (2 min)
wait_lines() {
    i=0
    while [ $i -lt 240 ]; do
        [ "$(grep -c -E "$1" "$log")" -ge "$2" ] && return 0
        sleep 0.5; i=$((i + 1))
    done
    return 1
}

# the mean change of the last preview line matching PATTERN
change_of() { grep -E "$1" "$log" | tail -1 | sed 's/.*mean change //'; }

previews() { grep -c "computed in" "$log"; }

# a new preview after what the caller just did, matching PATTERN
wait_preview() {
    wait_lines "computed in" $(($1 + 1)) && wait_lines "$2" 1 ||
        fail "no new preview ($2) within 2 minutes"
    i=0 # the last preview must be the one asked for
    while [ $i -lt 240 ] && ! grep "computed in" "$log" | tail -1 | grep -q -E "$2"; do
        sleep 0.5; i=$((i + 1))
    done
    grep "computed in" "$log" | tail -1 | grep -q -E "$2" || fail "the last preview is not $2"
}

# act PATTERN KEYS...: press KEYS in the dialog, then wait for the new
# preview they ask for (matching PATTERN)
act() {
    act_n=$(previews) act_pat=$1
    shift
    key "$@"
    wait_preview "$act_n" "$act_pat"
}

find_dialog() {
    i=0 win=""
    while [ $i -lt 360 ]; do # a first start with an empty profile is slow
        win=$(xdotool search --onlyvisible --name '^MambaIR$' 2>/dev/null | head -1)
        [ -n "$win" ] && return 0
        sleep 0.5; i=$((i + 1))
    done
    fail "the dialog did not appear within 3 minutes"
}

# Escape cancels; the next dialog must not be found while this one closes
cancel_dialog() {
    key Escape
    i=0
    while [ $i -lt 40 ] && xdotool search --onlyvisible --name '^MambaIR$' >/dev/null 2>&1; do
        sleep 0.5; i=$((i + 1))
    done
}

# the pointer leaves the dialog first: no tooltip in the picture
shoot() {
    xdotool mousemove 0 0
    sleep 1
    xwd -id "$win" -silent | xwdtopnm 2>/dev/null | pnmtopng >"$1"
    echo "screenshot: $1"
}

# keys go to the focused dialog as typed (XTEST), not as sent events
key() { xdotool windowfocus --sync "$win" 2>/dev/null; xdotool key --delay 120 "$@"; }

macaw=$src/data/samples/kodim23-macaw.png noisy=$src/data/samples/kodim23-noisy.png
out_sr=$work/sr.png out_dn=$work/dn.png undone=$work/undone.png
if [ "$ver" = 2 ]; then
    load() { echo "(car (gimp-file-load RUN-NONINTERACTIVE \"$1\" \"$1\"))"; }
    call() { # image-var task
        echo "(plug-in-mambair RUN-INTERACTIVE $1 (car (gimp-image-get-active-drawable $1)) \"$2\" 25 \"\" 0 0 \"\")"; }
    save() { echo "(file-png-save-defaults RUN-NONINTERACTIVE $1 (car (gimp-image-get-active-drawable $1)) \"$2\" \"$2\")"; }
    # the 240x180 image (the other one was enlarged)
    small="(let* ((v (cadr (gimp-image-list))) (a (vector-ref v 0)))
      (if (= (car (gimp-image-width a)) 240) a (vector-ref v 1)))"
    set -- -n -s -d -f -b -
else
    load() { echo "(car (gimp-file-load RUN-NONINTERACTIVE \"$1\"))"; }
    call() {
        echo "(plug-in-mambair #:run-mode RUN-INTERACTIVE #:image $1 #:drawables (vector (vector-ref (car (gimp-image-get-layers $1)) 0)) #:task \"$2\")"; }
    save() { echo "(gimp-file-save RUN-NONINTERACTIVE $1 \"$2\")"; }
    small="(let* ((v (car (gimp-get-images))) (a (vector-ref v 0)))
      (if (= (car (gimp-image-get-width a)) 240) a (vector-ref v 1)))"
    set -- -n -s -d -f --batch-interpreter=plug-in-script-fu-eval -b -
fi
send() { echo "$1" | tr '\n' ' ' >&4; echo >&4; }

mkfifo "$work/commands"
exec 4<>"$work/commands" # kept open: GIMP reads commands until we close it
$gimp "$@" <"$work/commands" >"$log" 2>&1 &
gimp_pid=$!

# ------------------------------------------------------------ 1. enlarge x2
send "(let* ((img $(load "$macaw"))) (gimp-display-new img) $(call img sr-x2) $(save img "$out_sr"))"
find_dialog
wait_preview 0 "\\(x2," 
shoot "$shots/dialog-sr-gimp$ver.png"
area=$(grep "view area at" "$log" | tail -1 | sed 's/.*view area at //')
ax=${area%%,*} rest=${area#*,}; ay=${rest%% *}; size=${rest#*size }; aw=${size%x*}; ah=${size#*x}
[ -n "$aw" ] && [ "$aw" -ge 320 ] && [ "$ah" -ge 320 ] || fail "the preview is $aw x $ah, smaller than 320 x 320"
echo "preview picture: $aw x $ah at $ax,$ay"
xdotool mousemove --window "$win" $((ax + aw / 2)) $((ay + ah / 2)) mousedown 1 \
    mousemove --window "$win" $((ax + aw / 3)) $((ay + ah / 2)) \
    mousemove --window "$win" $((ax + aw / 4)) $((ay + ah / 2)) mouseup 1
wait_lines "split at 0\\.2[0-9]" 1 || fail "dragging the split line did not move it to a quarter"
grep "split at" "$log" | tail -1
n=$(previews)
xdotool mousemove --window "$win" $((ax + aw / 2)) $((ay + ah / 2)) keydown ctrl click 4 keyup ctrl
wait_preview "$n" "\\(x2,"
# and back to the middle for the picture
xdotool mousemove --window "$win" $((ax + aw / 4)) $((ay + ah / 2)) mousedown 1 \
    mousemove --window "$win" $((ax + aw / 3)) $((ay + ah / 2)) \
    mousemove --window "$win" $((ax + aw / 2)) $((ay + ah / 2)) mouseup 1
wait_lines "split at 0\\.(49|50|51)" 1 || fail "dragging the split line back did not move it"
sleep 1
shoot "$work/zoomed.png"
pngtopnm "$work/zoomed.png" | pnmcut -left "$ax" -top "$ay" -width "$aw" -height "$ah" |
    pnmtopng >"$shots/preview-gimp$ver.png"
echo "screenshot: $shots/preview-gimp$ver.png"
# a model file chosen as a user does (the File radio, the chooser button
# beside it, its file dialog), then GIMP 3's Reset: the dialog must come back
# to the built-in model, in its radios (they used to stay on "File") and in
# the preview
if [ "$ver" = 3 ]; then
    n=$(previews)
    key alt+f
    wait_lines "model source: file" 1 || fail "Alt+F did not choose the File radio"
    key Tab space
    i=0 fwin=""
    while [ $i -lt 40 ] && [ -z "$fwin" ]; do
        fwin=$(xdotool search --onlyvisible --name '^Choose a model file$' 2>/dev/null | head -1)
        sleep 0.5; i=$((i + 1))
    done
    [ -n "$fwin" ] || fail "the model file dialog did not open"
    xdotool windowfocus --sync "$fwin" 2>/dev/null
    xdotool key --delay 120 ctrl+l
    xdotool type --delay 30 "$dir/models/sr-x2.safetensors"
    sleep 1 # the location entry completes what was typed first
    xdotool key --delay 120 alt+o
    wait_preview "$n" "\\(x2,"
    echo "the preview was computed again with the model file chosen"
    n=$(previews)
    key alt+r
    sleep 1
    key Return # the popover's first button: Reset to Initial Values
    wait_lines "model source: built-in" 1 || fail "after Reset the dialog does not show Built-in"
    wait_preview "$n" "\\(x2,"
    echo "after Reset the dialog and the preview use the built-in model again"
fi
key alt+o
i=0
while [ $i -lt 240 ] && [ ! -s "$out_sr" ]; do sleep 0.5; i=$((i + 1)); done
"$check" png "$out_sr" 480 360 8 2 || fail "no enlarged result after OK"
"$check" core "$src/data/models/sr-x2.safetensors" "$macaw" "$out_sr" ||
    fail "the enlarged result differs from the engine's"

# ------------------------------------------------------------ photo models
# With a photo model installed for x2 (a stand-in: another x2 model), the
# dialog offers the choice for x2; choosing Photo must compute the preview
# with photo-x2, x3 with the built-in photo-x3, and Remove noise (no photo
# model) hides the choice. Cancelled: the next dialog starts from the
# values of step 1.
cp "$gold/real_lightsr_x2/model.safetensors" "$dir/models/photo-x2.safetensors" ||
    fail "no stand-in photo model (golden real_lightsr_x2)"
n=$(previews)
send "(let* ((img $(load "$macaw"))) (gimp-display-new img) $(call img sr-x2))"
find_dialog
wait_preview "$n" "\\(x2, task sr-x2, file sr-x2\\."
wait_lines "source choice shown" 1 || fail "the Source choice is not shown for x2 with a photo model"
act "\\(x2, task sr-x2, file photo-x2\\." alt+p
wait_lines "source: photo" 1 || fail "Alt+P did not choose the photo models"
echo "choosing Photo computed the preview with the photo model"
shoot "$shots/dialog-photo-gimp$ver.png"
act "\\(x3, task sr-x3, file photo-x3\\." alt+t Down
echo "x3 with Photo: the preview computed with photo-x3"
hidden=$(grep -c "source choice hidden" "$log")
act "\\(x1, .*strength 100," alt+t Down Down
wait_lines "source choice hidden" $((hidden + 1)) || fail "the Source choice is still shown for Remove noise (no photo model)"
echo "Remove noise has no photo model: the choice is hidden"
cancel_dialog
# A picture opened from a JPEG of quality 30 (no display, deleted after):
# Automatic, the default, takes the photo model and says why
q30=$src/tests/data/images/kodim23-crop-q30.jpg
n=$(previews)
send "(let* ((img $(load "$q30"))) (catch #f $(call img sr-x2)) (gimp-image-delete img))"
find_dialog
wait_lines "opened from a JPEG of quality 30" 1 || fail "the dialog did not read the JPEG quality of the image"
wait_preview "$n" "\\(x2, task sr-x2, file photo-x2\\."
echo "a JPEG of quality 30: Automatic computed the preview with the photo model"
cancel_dialog
rm -f "$dir/models/photo-x2.safetensors"

# ------------------------------------------------------------ 2. remove noise
send "(let* ((img $(load "$noisy"))) (gimp-display-new img) $(call img denoise) $(save img "$out_dn"))"
find_dialog
n=$(previews)
wait_preview "$n" "computed"
# GIMP 3 opens an interactive dialog with the last values (enlarge x2 from
# above), whatever the call asked for: choose the task as a user would
if ! grep "computed in" "$log" | tail -1 | grep -q "(x1,"; then
    act "\\(x1, .*strength 100," alt+t Down Down Down
fi
area=$(grep "view area at" "$log" | tail -1 | sed 's/.*view area at //')
ax=${area%%,*} rest=${area#*,}; ay=${rest%% *}; size=${rest#*size }; aw=${size%x*}; ah=${size#*x}
# 200 %: the 240x180 picture fills the view and the noise shows (all of it
# was in view already: nothing to compute, only to draw)
xdotool mousemove --window "$win" $((ax + aw / 2)) $((ay + ah / 2)) keydown ctrl click 4 keyup ctrl
sleep 1
shoot "$shots/dialog-denoise-gimp$ver.png"
full=$(change_of "strength 100,")
act "strength 50," alt+g Page_Down Page_Down Page_Down Page_Down Page_Down
half=$(change_of "strength 50,")
act "strength 0," Page_Down Page_Down Page_Down Page_Down Page_Down
none=$(change_of "strength 0,")
echo "mean change of the preview: strength 100: $full, 50: $half, 0: $none (0..255)"
awk -v a="$full" -v b="$half" -v c="$none" 'BEGIN { exit !(a > b + 0.5 && b > c + 0.5 && c < 0.01) }' ||
    fail "a lower strength does not change the picture visibly less"
act "strength 100," Page_Up Page_Up Page_Up Page_Up Page_Up Page_Up Page_Up Page_Up Page_Up Page_Up
# the noise level, where the built-in files hold models for several levels
# (otherwise the dialog hides it): up from 25 to 50, a stronger model
if grep "computed in" "$log" | tail -1 | grep -q "of [2-9] level"; then
    act "noise 50 of" alt+n Page_Up Page_Up Page_Up Page_Up Page_Up
    high=$(change_of "noise 50 of")
    echo "mean change of the preview: noise level 25: $full, 50: $high"
    awk -v a="$full" -v b="$high" 'BEGIN { exit !(b > a) }' ||
        fail "a higher noise level does not change the picture more"
fi
act "\\(x4," alt+t Up
act "\\(x1, .*strength 100," alt+t Down
echo "the preview followed the strength and the task"
# the JPEG artefact remover: the task after denoising, one built-in model
# (no noise level), and the same strength control
act "task dejpeg, .*strength 100, .* of 1 level" alt+t Down
jfull=$(change_of "task dejpeg, .*strength 100,")
act "task dejpeg, .*strength 50," alt+g Page_Down Page_Down Page_Down Page_Down Page_Down
jhalf=$(change_of "task dejpeg, .*strength 50,")
echo "JPEG artefact removal, mean change of the preview: strength 100: $jfull, 50: $jhalf"
awk -v a="$jfull" -v b="$jhalf" 'BEGIN { exit !(a > b && b > 0) }' ||
    fail "JPEG artefact removal: a lower strength does not change the picture less"
act "task dejpeg, .*strength 100," Page_Up Page_Up Page_Up Page_Up Page_Up
act "task denoise, .*strength 100," alt+t Up
key alt+o
i=0
while [ $i -lt 240 ] && [ ! -s "$out_dn" ]; do sleep 0.5; i=$((i + 1)); done
"$check" png "$out_dn" 240 180 8 2 || fail "no denoised result after OK"
# noise level 50 (or one model for all levels): the model for 50 alone
"$check" core "$src/data/models/denoise-s50.safetensors" "$noisy" "$out_dn" ||
    fail "the denoised result differs from the engine's"

# one Ctrl+Z in the image window (its title ends in "... 1 layer) 240x180 – GIMP")
img_win=$(xdotool search --onlyvisible --name '\) 240x180 ' 2>/dev/null | tail -1)
[ -n "$img_win" ] || fail "no image window to undo in"
xdotool windowfocus --sync "$img_win" 2>/dev/null
xdotool key --window "$img_win" ctrl+z
sleep 2 # GIMP handles the key in its main loop; the save below must come after
# 1: the images are not saved as .xcf, quit without asking
send "(let* ((img $small)) $(save img "$undone") (gimp-quit 1))"
i=0
while [ $i -lt 120 ] && [ ! -s "$undone" ]; do sleep 0.5; i=$((i + 1)); done
exec 4>&-
i=0
while [ $i -lt 60 ] && kill -0 $gimp_pid 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
# every pixel equal to the input (a model asked to change an empty region:
# the input itself is expected)
"$check" core "$gold/tiny_dn_rgb/model.pth" "$noisy" "$undone" 0 0 0 0 ||
    fail "one undo did not bring back the original image"
echo "one undo step: the image is back to its original pixels"
rm -rf "$work"
