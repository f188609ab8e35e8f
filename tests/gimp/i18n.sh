#!/bin/sh
# i18n.sh VERSION PLUGIN CHECKER — the plug-in speaks German at run time.
#
# Installs PLUGIN with the German catalog built from po/de.po (found in the
# build folder beside CHECKER: po/de/LC_MESSAGES/plug-in-mambair.mo) into a
# private profile, runs headless GIMP (VERSION 2 = 2.10, 3 = 3.0) in a German
# locale (LANG=de_DE.UTF-8, compiled here with localedef into a private
# LOCPATH: newer glibc ignores LANGUAGE under C.UTF-8), and checks that the error the plug-in returns for an indexed
# image (a string translated in the plug-in's run) reaches GIMP's console
# output in German, and that the dialog's sentences about the model and the
# run come out in German with German number formats (test-words.c, built
# beside CHECKER). (The registered menu label cannot be read back from a
# script: GIMP 3's gimp-pdb-get-proc-menu-label is private, unbound in
# Script-Fu; 2.10's gimp-procedural-db-proc-info does not return it.)
# The German text expected is written out here, not taken from de.po.
set -u
ver=$1 plugin=$2 check=$3
src=${MAMBAIR_SOURCE_ROOT:?}
build=$(cd "$(dirname "$check")/../.." && pwd)
mo=$build/po/de/LC_MESSAGES/plug-in-mambair.mo
[ -f "$mo" ] || { echo "SKIP: no German catalog at $mo (ninja plug-in-mambair-gmo)"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mambair-i18n$ver.XXXXXX")
dir=$work/profile/plug-ins/plug-in-mambair
mkdir -p "$dir/locale/de/LC_MESSAGES"
cp "$plugin" "$dir/"
cp "$mo" "$dir/locale/de/LC_MESSAGES/"
sample=$src/data/samples/kodim23-crop.png S="\"$src/data/samples/kodim23-crop.png\""
mkdir -p "$work/locale"
if ! localedef -i de_DE -f UTF-8 "$work/locale/de_DE.UTF-8" >"$work/localedef.log" 2>&1 &&
    [ ! -f "$work/locale/de_DE.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES" ]; then
    echo "SKIP: cannot compile a German locale (localedef, package locales): $(tail -1 "$work/localedef.log")"
    rm -rf "$work"
    exit 77
fi
export LOCPATH=$work/locale LANGUAGE=de LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8

if [ "$ver" = 2 ]; then
    gimp=gimp-console-2.10
    export GIMP2_DIRECTORY=$work/profile
    set -- -i -d -f
    indexed="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE $S $S)))
        (d (car (gimp-image-get-active-drawable img))))
      (gimp-image-convert-indexed img CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE \"\")
      (plug-in-mambair RUN-NONINTERACTIVE img d \"sr-x2\" 25 \"\" 0 0 \"scale-image\"))"
else
    gimp=gimp-console-3.0
    export GIMP3_DIRECTORY=$work/profile
    # --quit: GIMP 3 stops at the failing command and would wait otherwise
    set -- -i -d -f --quit --batch-interpreter=plug-in-script-fu-eval
    indexed="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE $S)))
        (l (vector-ref (car (gimp-image-get-layers img)) 0)))
      (gimp-image-convert-indexed img CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE \"\")
      (plug-in-mambair #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector l)))"
fi
command -v $gimp >/dev/null || { echo "SKIP: $gimp is not installed"; exit 77; }
[ -f "$sample" ] || { echo "FAILED: $sample missing"; exit 1; }

$gimp "$@" -b "$indexed" -b '(gimp-quit 0)' >"$work/gimp.log" 2>&1
echo "GIMP exit status $? (log: $work/gimp.log)"

fail=0
expect() {
    if grep -F -q "$2" "$work/gimp.log"; then
        echo "$1 in German ok: $(grep -F "$2" "$work/gimp.log" | head -1)"
    else
        echo "FAILED: $1 not in German; expected to contain: $2"
        grep -i -E "indexed|indizier|mambair" "$work/gimp.log" | head -5
        fail=1
    fi
}
expect "indexed-image error" "Indizierte Bilder können nicht wiederhergestellt werden"

# the dialog's words about the model and the run (test-words.c), German
# numbers included
words=$(dirname "$check")/test-words
if [ -x "$words" ]; then
    MAMBAIR_MODEL_DIR=$src/data/models "$words" "$build/po" || fail=1
else
    echo "FAILED: $words was not built"
    fail=1
fi
[ "$fail" = 0 ] && rm -rf "$work"
[ "$fail" = 0 ]
