#!/bin/sh
# dialog.sh VERSION PLUGIN CHECKER — the dialog under Xvfb, GIMP 2.10
# (VERSION 2, natively) or 3.0 (VERSION 3, in the trixie chroot): open it
# from a batch call in interactive mode, wait until the live preview has been
# computed (the plug-in logs each finished preview under
# G_MESSAGES_DEBUG=mambair-preview), take a screenshot of the dialog (kept in
# the build folder as dialog-gimpVERSION.png; docs/screenshots/ holds a copy),
# press OK, and check the scaled result.
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

out=$work/out.png
S="\"$src/data/samples/kodim23-crop.png\""
if [ "$ver" = 2 ]; then
    call="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE $S $S)))
       (l (car (gimp-image-get-active-drawable img))))
  (plug-in-mambair RUN-INTERACTIVE img l \"sr-x2\" 25 \"$model\" 0 0 \"scale-image\")
  (file-png-save-defaults RUN-NONINTERACTIVE img l \"$out\" \"$out\")
  (gimp-quit 0))"
    set -- -n -s -d -f -b "$call"
else
    call="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE $S)))
       (l (vector-ref (car (gimp-image-get-layers img)) 0)))
  (plug-in-mambair #:run-mode RUN-INTERACTIVE #:image img #:drawables (vector l)
                   #:task \"sr-x2\" #:model-file \"$model\")
  (gimp-file-save RUN-NONINTERACTIVE img \"$out\")
  (gimp-quit 0))"
    set -- -n -s -d -f --batch-interpreter=plug-in-script-fu-eval -b "$call"
fi
$gimp "$@" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

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
wait $gimp_pid 2>/dev/null
"$check" png "$out" 256 192 8 2 || { echo "FAILED: no scaled result after OK"; tail -20 "$work/gimp.log"; exit 1; }
"$check" core "$model" "$src/data/samples/kodim23-crop.png" "$out" || { echo "FAILED: the result differs from the engine's"; exit 1; }
rm -rf "$work"
