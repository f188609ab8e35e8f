#!/bin/sh
# dialog.sh VERSION PLUGIN CHECKER — the dialog under Xvfb, GIMP 2.10
# (VERSION 2, natively) or 3.0 (VERSION 3, in the trixie chroot): open it
# from a batch call in interactive mode on a displayed image, wait until the
# live preview has been computed (the plug-in logs each finished preview
# under G_MESSAGES_DEBUG=mambair-preview), take a screenshot of the dialog
# (kept in the build folder as dialog-gimpVERSION.png; docs/screenshots/
# holds a copy), press OK, and check the scaled result against the engine.
#
# Then the undo: neither GIMP's PDB offers a call that undoes (2.10 and 3.0
# only have gimp-image-undo-group-start/-end, -enable/-disable,
# -freeze/-thaw, -is-enabled), so the test presses Ctrl+Z once in the image
# window, as a user would, and checks that the image is back to its original
# size and exactly its original pixels: the whole run is one undo step.
# Batch commands are read from a pipe (-b -) so that the second one (save
# after the undo) is sent only after the key press.
set -u
ver=$1 plugin=$2 check=$3
src=${MAMBAIR_SOURCE_ROOT:?}
gimp=gimp-3.0
[ "$ver" = 2 ] && gimp=gimp-2.10
for tool in Xvfb xdotool xwd xwdtopnm pnmtopng $gimp; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
gold=""
for d in "${MAMBAIR_TESTDATA:-}/golden" "${MAMBAIR_SHARED:-}/golden"; do
    [ -f "$d/tiny_sr_x2_ps/model.pth" ] && { gold=$d; break; }
done
[ -n "$gold" ] || { echo "SKIP: no golden models"; exit 77; }
model=$gold/tiny_sr_x2_ps/model.pth

work=$(mktemp -d "${TMPDIR:-/tmp}/mambair-dialog$ver.XXXXXX")
mkdir -p "$work/profile/plug-ins/plug-in-mambair"
cp "$plugin" "$work/profile/plug-ins/plug-in-mambair/"
export GIMP2_DIRECTORY=$work/profile GIMP3_DIRECTORY=$work/profile
export G_MESSAGES_DEBUG=mambair-preview
shot=$(dirname "$check")/dialog-gimp$ver.png

# a free display: Xvfb picks the number and writes it to fd 3
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$! gimp_pid=""
trap 'kill $gimp_pid $xvfb 2>/dev/null' EXIT
i=0
while [ $i -lt 100 ] && [ ! -s "$work/display" ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$work/display" ] || { echo "FAILED: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=:$(cat "$work/display")

out=$work/out.png undone=$work/undone.png
sample=$src/data/samples/kodim23-crop.png
S="\"$sample\""
if [ "$ver" = 2 ]; then
    run="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE $S $S)))
       (l (car (gimp-image-get-active-drawable img))))
  (gimp-display-new img)
  (plug-in-mambair RUN-INTERACTIVE img l \"sr-x2\" 25 \"$model\" 0 0 \"scale-image\")
  (file-png-save-defaults RUN-NONINTERACTIVE img l \"$out\" \"$out\"))"
    after="(let* ((img (vector-ref (cadr (gimp-image-list)) 0))
       (l (car (gimp-image-get-active-drawable img))))
  (file-png-save-defaults RUN-NONINTERACTIVE img l \"$undone\" \"$undone\")
  (gimp-quit 1))" # 1: the image is not saved as .xcf, quit without asking
    set -- -n -s -d -f -b -
else
    run="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE $S)))
       (l (vector-ref (car (gimp-image-get-layers img)) 0)))
  (gimp-display-new img)
  (plug-in-mambair #:run-mode RUN-INTERACTIVE #:image img #:drawables (vector l)
                   #:task \"sr-x2\" #:model-file \"$model\")
  (gimp-file-save RUN-NONINTERACTIVE img \"$out\"))"
    after="(let* ((img (vector-ref (car (gimp-get-images)) 0)))
  (gimp-file-save RUN-NONINTERACTIVE img \"$undone\")
  (gimp-quit 1))" # 1: the image is not saved as .xcf, quit without asking
    set -- -n -s -d -f --batch-interpreter=plug-in-script-fu-eval -b -
fi
mkfifo "$work/commands"
exec 4<>"$work/commands" # kept open: GIMP reads commands until we close it
$gimp "$@" <"$work/commands" >"$work/gimp.log" 2>&1 &
gimp_pid=$!
echo "$run" | tr '\n' ' ' >&4
echo >&4

i=0 win=""
while [ $i -lt 120 ]; do
    win=$(xdotool search --onlyvisible --name '^MambaIR$' 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.5; i=$((i + 1))
done
if [ -z "$win" ]; then
    echo "FAILED: the dialog did not appear within 60 s; GIMP log:"; tail -20 "$work/gimp.log"
    exit 1
fi
i=0
while [ $i -lt 120 ] && ! grep -q "preview .* computed in" "$work/gimp.log"; do
    sleep 0.5; i=$((i + 1))
done
if ! grep "preview .* computed in" "$work/gimp.log"; then
    echo "FAILED: no preview was computed within 60 s of the dialog opening; GIMP log:"
    tail -20 "$work/gimp.log"
    exit 1
fi
sleep 1 # let the drawing and the estimate line settle
xwd -id "$win" -silent | xwdtopnm 2>/dev/null | pnmtopng >"$shot"
echo "screenshot: $shot"
xdotool windowfocus --sync "$win" 2>/dev/null
xdotool key --window "$win" Return
i=0
while [ $i -lt 120 ] && [ ! -s "$out" ]; do sleep 0.5; i=$((i + 1)); done
"$check" png "$out" 256 192 8 2 || { echo "FAILED: no scaled result after OK"; tail -20 "$work/gimp.log"; exit 1; }
"$check" core "$model" "$sample" "$out" || { echo "FAILED: the result differs from the engine's"; exit 1; }

# one Ctrl+Z in the image window (its title ends in "... 1 layer) 256x192 – GIMP")
img_win=$(xdotool search --onlyvisible --name '\) [0-9]+x[0-9]+ ' 2>/dev/null | head -1)
if [ -z "$img_win" ]; then
    echo "FAILED: no image window to undo in"; xdotool search --onlyvisible --name . getwindowname %@
    exit 1
fi
xdotool windowfocus --sync "$img_win" 2>/dev/null
xdotool key --window "$img_win" ctrl+z
sleep 2 # GIMP handles the key in its main loop; the save below must come after
echo "$after" | tr '\n' ' ' >&4
echo >&4
i=0
while [ $i -lt 120 ] && [ ! -s "$undone" ]; do sleep 0.5; i=$((i + 1)); done
exec 4>&-
i=0
while [ $i -lt 60 ] && kill -0 $gimp_pid 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
# the original size, and every pixel equal to the input (a model that does
# not scale, asked to change an empty region: the input itself is expected)
"$check" png "$undone" 128 96 8 2 &&
    "$check" core "$gold/tiny_dn_rgb/model.pth" "$sample" "$undone" 0 0 0 0 ||
    { echo "FAILED: one undo did not bring back the original image"; tail -20 "$work/gimp.log"; exit 1; }
echo "one undo step: the image is back to its original size and pixels"
rm -rf "$work"
