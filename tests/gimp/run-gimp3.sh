#!/bin/sh
# run-gimp3.sh BUILD MODE — build the GIMP 3 plug-in inside the Debian 13
# chroot (scripts/trixie-chroot.sh) from this source tree into BUILD, then run
# tests/gimp/MODE.sh there. Skips (77) when the chroot has not been built.
set -u
build=$1 mode=$2
src=${MAMBAIR_SOURCE_ROOT:?}
chroot_sh=$src/scripts/trixie-chroot.sh
if [ "$(id -u)" != 0 ]; then
    echo "SKIP: the GIMP 3 tests need root for the trixie chroot"
    exit 77
fi
if ! "$chroot_sh" path dev >/dev/null 2>&1; then
    echo "SKIP: no Debian 13 chroot with GIMP 3; build it once with: $chroot_sh ensure dev"
    exit 77
fi
shared=${MAMBAIR_SHARED:-}
data=${MAMBAIR_TESTDATA:-$src/tests/data}
MAMBAIR_CHROOT_BIND="$(dirname "$build")" exec "$chroot_sh" run dev "
  set -e
  cd '$src'
  [ -f '$build/build.ninja' ] || meson setup '$build' -Dgimp2=disabled -Dgimp3=enabled >'$build.setup.log' 2>&1 || { cat '$build.setup.log'; exit 1; }
  ninja -C '$build' plugin/gimp3/plug-in-mambair tests/gimp/gimp-check tests/gimp/test-words plug-in-mambair-gmo >/dev/null
  export MAMBAIR_SOURCE_ROOT='$src' MAMBAIR_TESTDATA='$data' MAMBAIR_SHARED='$shared'
  exec sh '$src/tests/gimp/$mode.sh' 3 '$build/plugin/gimp3/plug-in-mambair' '$build/tests/gimp/gimp-check'"
