#!/bin/sh
# quick-start.sh — proves the README's quick start: in a throw-away copy of a
# bare Debian 13 root, copy the source tree (no build folders) and run
# scripts/quick-start.sh exactly as a user would; it must print where the
# restored image is, and that file must be there. Needs root and the network
# (apt-get); skips (77) otherwise.
set -u
src=${MAMBAIR_SOURCE_ROOT:?}
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for the chroot"; exit 77; }
"$src/scripts/trixie-chroot.sh" path base >/dev/null 2>&1 ||
    { echo "SKIP: no bare Debian 13 root; build it with: $src/scripts/trixie-chroot.sh ensure base"; exit 77; }
model=""
for d in "${MAMBAIR_TESTDATA:-}/golden" "${MAMBAIR_SHARED:-}/golden"; do
    [ -f "$d/tiny_sr_x2_ps/model.pth" ] && { model=$d/tiny_sr_x2_ps/model.pth; break; }
done
[ -f "$src/data/models/sr-x2.safetensors" ] && model=""
[ -n "$model" ] || [ -f "$src/data/models/sr-x2.safetensors" ] || { echo "SKIP: no x2 model"; exit 77; }
exec "$src/scripts/trixie-chroot.sh" fresh base "
  set -e
  mkdir -p /home/user/mambair && cd '$src'
  tar --exclude='./build*' --exclude='./.git' -cf - . | tar -xf - -C /home/user/mambair
  cp '${model:-/dev/null}' /home/user/model.pth 2>/dev/null || true
  cd /home/user/mambair
  HOME=/home/user MAMBAIR_QUICKSTART_MODEL=${model:+/home/user/model.pth} sh scripts/quick-start.sh | tee /tmp/qs.log
  path=\$(sed -n 's/^== Done. The restored image (2x larger) is: //p' /tmp/qs.log)
  test -s \"\$path\" && echo \"quick start produced \$path\""
