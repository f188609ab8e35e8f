#!/bin/sh
# quick-start.sh — on Debian 13 (GIMP 3): install the build dependencies,
# build, install the plug-in for the current user, and restore the sample
# image through the installed plug-in in headless GIMP.
#
#   sh scripts/quick-start.sh            (asks sudo for apt-get when not root)
#
# MAMBAIR_BUILD (default <source>/build) is the build folder. The built-in
# models come from data/models/; MAMBAIR_QUICKSTART_MODEL=<file> restores
# with that model file instead (the test of this script uses a small one).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${MAMBAIR_BUILD:-$src/build}
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

say() { printf '\n== %s\n' "$*"; }

say "Installing the build dependencies (apt-get; on a fresh system about 500 packages, 1.2 GB: 2 to 10 minutes)"
# valgrind, Xvfb and the X tools are for the test suite (memory checks, the
# dialog tests): without them those tests skip
$sudo apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    gimp libgimp-3.0-dev libgegl-dev meson ninja-build gcc pkg-config libopenblas-dev libpng-dev libjpeg-dev libexif-dev \
    gettext ca-certificates locales valgrind xvfb xauth xdotool x11-apps netpbm

say "Building in $build"
[ -f "$build/build.ninja" ] || meson setup "$build" "$src" -Dgimp3=enabled -Dgimp2=disabled >/dev/null
ninja -C "$build" plugin/gimp3/plug-in-mambair plug-in-mambair-gmo >/dev/null

profile=${GIMP3_DIRECTORY:-$HOME/.config/GIMP/3.0}
dest=$profile/plug-ins/plug-in-mambair
say "Installing the plug-in for $(id -un) in $dest"
mkdir -p "$dest/models"
install -m 755 "$build/plugin/gimp3/plug-in-mambair" "$dest/plug-in-mambair"
for mo in "$build"/po/*/LC_MESSAGES/plug-in-mambair.mo; do
    [ -f "$mo" ] || continue
    lang=$(basename "$(dirname "$(dirname "$mo")")")
    mkdir -p "$dest/locale/$lang/LC_MESSAGES"
    cp "$mo" "$dest/locale/$lang/LC_MESSAGES/"
done
for m in "$src"/data/models/*.safetensors; do [ -f "$m" ] && cp "$m" "$dest/models/"; done

model=${MAMBAIR_QUICKSTART_MODEL:-}
if [ -z "$model" ] && [ ! -f "$dest/models/sr-x2.safetensors" ]; then
    echo "The built-in model data/models/sr-x2.safetensors is not in this source tree;"
    echo "set MAMBAIR_QUICKSTART_MODEL to a MambaIR x2 model file (.pth or .safetensors)."
    exit 1
fi
in=$src/data/samples/kodim23-crop.png
out=$build/kodim23-crop-x2.png
say "Restoring $in (super-resolution x2) in headless GIMP"
rm -f "$out"
GIMP3_DIRECTORY=$profile gimp-console-3.0 -i -d -f --batch-interpreter=plug-in-script-fu-eval -b "
(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$in\")))
       (l (vector-ref (car (gimp-image-get-layers img)) 0)))
  (plug-in-mambair #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector l)
                   #:task \"sr-x2\" #:model-file \"$model\" #:output \"scale-image\")
  (gimp-file-save RUN-NONINTERACTIVE img \"$out\")
  (gimp-image-delete img))" -b '(gimp-quit 0)' >"$build/quick-start-gimp.log" 2>&1 || true
if [ ! -s "$out" ]; then
    echo "GIMP did not write $out; its messages are in $build/quick-start-gimp.log"
    exit 1
fi
say "Done. The restored image (2x larger) is: $out"
echo "In GIMP: Filters > Enhance > Restore (MambaIR)... or Image > Upscale Image (MambaIR)..."
echo "Run the test suite with: $src/scripts/run-tests.sh $build"
