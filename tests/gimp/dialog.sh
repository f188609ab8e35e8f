#!/bin/sh
# dialog.sh 3 PLUGIN CHECKER — the GIMP 3 dialog under Xvfb: open it from a
# batch call in interactive mode, take a screenshot (kept in the build folder
# as dialog-gimp3.png), press OK, check the result.
set -u
plugin=$2 check=$3
src=${MAMBAIR_SOURCE_ROOT:?}
for tool in Xvfb xdotool xwd xwdtopnm pnmtopng gimp-3.0; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
gold=""
for d in "${MAMBAIR_TESTDATA:-}/golden" "${MAMBAIR_SHARED:-}/golden"; do
    [ -f "$d/tiny_sr_x2_ps/model.pth" ] && { gold=$d; break; }
done
[ -n "$gold" ] || { echo "SKIP: no golden models"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mambair-dialog.XXXXXX")
mkdir -p "$work/profile/plug-ins/plug-in-mambair"
cp "$plugin" "$work/profile/plug-ins/plug-in-mambair/"
export GIMP3_DIRECTORY=$work/profile DISPLAY=:97
shot=$(dirname "$check")/dialog-gimp3.png
Xvfb :97 -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$! gimp_pid=""
trap 'kill $gimp_pid $xvfb 2>/dev/null' EXIT
sleep 1

out=$work/out.png
gimp-3.0 -n -s -d -f --batch-interpreter=plug-in-script-fu-eval -b "
(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$src/data/samples/kodim23-crop.png\")))
       (l (vector-ref (car (gimp-image-get-layers img)) 0)))
  (plug-in-mambair #:run-mode RUN-INTERACTIVE #:image img #:drawables (vector l)
                   #:task \"sr-x2\" #:model-file \"$gold/tiny_sr_x2_ps/model.pth\")
  (gimp-file-save RUN-NONINTERACTIVE img \"$out\")
  (gimp-quit 0))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

i=0
while [ $i -lt 120 ]; do
    win=$(xdotool search --onlyvisible --name '^MambaIR$' 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.5; i=$((i + 1))
done
if [ -z "$win" ]; then
    echo "FAILED: the dialog did not appear within 60 s; GIMP log:"; tail -20 "$work/gimp.log"
    exit 1
fi
sleep 2 # let the model line and the layout settle
xwd -id "$win" -silent | xwdtopnm 2>/dev/null | pnmtopng >"$shot"
echo "screenshot: $shot"
xdotool windowfocus --sync "$win" 2>/dev/null
xdotool key --window "$win" Return
i=0
while [ $i -lt 120 ] && [ ! -s "$out" ]; do sleep 0.5; i=$((i + 1)); done
wait $gimp_pid 2>/dev/null
"$check" png "$out" 256 192 8 2 || { echo "FAILED: no scaled result after OK"; tail -20 "$work/gimp.log"; exit 1; }
rm -rf "$work"
