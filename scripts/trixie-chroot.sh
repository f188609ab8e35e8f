#!/bin/sh
# A cached Debian 13 (trixie) root for building and testing the GIMP 3.0
# plug-in on a machine whose own distribution has no GIMP 3.
#
#   trixie-chroot.sh ensure [base|dev]   build or unpack the root, print its path
#   trixie-chroot.sh run [base|dev] CMD  run CMD (via sh -c) inside the root
#   trixie-chroot.sh path [base|dev]     print the path, fail if not built yet
#   trixie-chroot.sh fresh [base|dev] CMD  run CMD in a throw-away copy of the
#                                        root (a "fresh machine"), then delete it
#
# "base" is a bare debootstrap (what a fresh Debian 13 machine looks like,
# used to prove the quick start); "dev" adds GIMP 3, its headers, the build
# tools and what the Xvfb dialog test needs. Each finished root is kept as a
# tarball named after a hash of its package list, so a changed list builds a
# new root and an unchanged one unpacks in seconds.
#
# Environment: MAMBAIR_CHROOT_CACHE (default /var/cache/mambair-trixie),
# MAMBAIR_DEBIAN_MIRROR (default http://deb.debian.org/debian).
# MAMBAIR_CHROOT_BIND: more host folders (space-separated) to bind at the same
# path, e.g. a build folder outside the source tree.
# `run` uses a private mount namespace: the bind mounts of the source tree,
# /proc and /dev vanish with the command, even if it is killed.
set -eu

CACHE=${MAMBAIR_CHROOT_CACHE:-/var/cache/mambair-trixie}
MIRROR=${MAMBAIR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SRC_ROOT=$(cd "$(dirname "$0")/.." && pwd)

DEV_PACKAGES="gimp libgimp-3.0-dev meson ninja-build gcc pkg-config \
libopenblas-dev libjpeg-dev libexif-dev gettext locales xvfb xauth xdotool x11-apps netpbm ca-certificates"

die() { echo "trixie-chroot: $*" >&2; exit 1; }

flavour_packages() {
    case $1 in
        base) echo "minbase" ;;
        dev) echo "minbase $DEV_PACKAGES" ;;
        *) die "unknown flavour '$1' (base or dev)" ;;
    esac
}

flavour_key() {
    printf 'v1 %s %s\n' "$1" "$(flavour_packages "$1")" | sha256sum | cut -c1-12
}

root_dir() { echo "$CACHE/$1-$(flavour_key "$1")"; }

# Mount what apt and GIMP need, bind the source tree (and the shared
# reference data beside it) at the same paths, then run the command.
run_in() {
    root=$1; shift
    unshare --mount --propagation private sh -eu -c '
        root=$1; src=$2; shift 2
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mkdir -p "$root/dev/shm" "$root/tmp"
        mount -t tmpfs tmpfs "$root/dev/shm" 2>/dev/null || true
        cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
        for d in "$src" "$(dirname "$src")/shared" ${MAMBAIR_CHROOT_BIND:-}; do
            if [ -d "$d" ]; then
                mkdir -p "$root$d"
                mount --bind "$d" "$root$d"
            fi
        done
        exec chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            MAMBAIR_IN_CHROOT=1 /bin/sh -c "$*"
    ' sh "$root" "$SRC_ROOT" "$@"
}

build_base() {
    dir=$1
    command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
    debootstrap --variant=minbase trixie "$dir.tmp" "$MIRROR" >"$dir.log" 2>&1 ||
        die "debootstrap failed, see $dir.log"
}

# One builder at a time: parallel test runs wait for the first one.
ensure() {
    mkdir -p "$CACHE"
    exec 9>"$CACHE/lock"
    flock 9
    [ "$1" = dev ] && ensure_unlocked base >/dev/null
    ensure_unlocked "$1"
    exec 9>&-
}

ensure_unlocked() {
    flavour=$1
    dir=$(root_dir "$flavour")
    tarball=$dir.tar.zst
    if [ -f "$dir/.complete" ]; then echo "$dir"; return; fi
    rm -rf "$dir" "$dir.tmp"
    if [ -f "$tarball" ]; then
        mkdir -p "$dir.tmp"
        tar --zstd -xpf "$tarball" -C "$dir.tmp"
    else
        if [ "$flavour" = dev ]; then
            base=$(root_dir base)
            cp -a "$base" "$dir.tmp"
            rm -f "$dir.tmp/.complete"
            # shellcheck disable=SC2086
            run_in "$dir.tmp" "apt-get update && DEBIAN_FRONTEND=noninteractive \
                apt-get install -y --no-install-recommends $DEV_PACKAGES && apt-get clean" \
                >"$dir.log" 2>&1 || die "apt-get in the chroot failed, see $dir.log"
        else
            build_base "$dir"
        fi
        tar --zstd -cpf "$tarball.tmp" -C "$dir.tmp" . && mv "$tarball.tmp" "$tarball"
    fi
    touch "$dir.tmp/.complete"
    mv "$dir.tmp" "$dir"
    echo "$dir"
}

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts)"
cmd=${1:-}; [ $# -gt 0 ] && shift
case $cmd in
    ensure) ensure "${1:-dev}" ;;
    path)
        flavour=${1:-dev}
        dir=$(root_dir "$flavour")
        [ -f "$dir/.complete" ] || die "no $flavour root yet (run: $0 ensure $flavour)"
        echo "$dir" ;;
    run)
        flavour=${1:-dev}; [ $# -gt 0 ] && shift
        dir=$(root_dir "$flavour")
        [ -f "$dir/.complete" ] || dir=$(ensure "$flavour")
        run_in "$dir" "$@" ;;
    fresh)
        flavour=${1:-base}; [ $# -gt 0 ] && shift
        dir=$(root_dir "$flavour")
        [ -f "$dir/.complete" ] || dir=$(ensure "$flavour")
        copy=$(mktemp -d "$CACHE/fresh.XXXXXX")
        trap 'rm -rf "$copy"' EXIT
        cp -a "$dir/." "$copy/"
        run_in "$copy" "$@" ;;
    *) die "usage: $0 ensure|path|run|fresh [base|dev] [command]" ;;
esac
