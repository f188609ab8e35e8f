#!/bin/sh
# bench-photos.sh — the README's "Real photos" speed table: every built-in
# model on a 768×512 photo and a 2000×1500 one, the default plan against a
# sweep of tile sizes (`mambair bench --sweep`), with the machine's state.
#
#   scripts/bench-photos.sh MAMBAIR [small|large|all] [RUNS-SMALL] [RUNS-LARGE]
#
#   small   Kodak24 kodim23.png (768×512)
#   large   a 2000×1500 crop (top left) of a 3×3 mosaic of the first nine
#           landscape Kodak24 photos, by name
#   RUNS-*  timed runs per tile size (default 3 on the small photo, 1 on the
#           large one, where a run takes a minute), taking turns
#
# Needs ../shared/data/denoise/Kodak24 (or MAMBAIR_SHARED=DIR) and netpbm.
# Run it on an otherwise idle machine: the tile sizes differ by less than the
# noise of a busy one. The built-in JPEG model has the denoisers' network
# (same configuration, so the same plan and speed): it is timed on the small
# photo only.
set -eu
bin=$1
what=${2:-all}
runs_small=${3:-3}
runs_large=${4:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${MAMBAIR_SHARED:-$root/../shared}
kodak=$shared/data/denoise/Kodak24
[ -d "$kodak" ] || { echo "bench-photos.sh: $kodak not found (set MAMBAIR_SHARED)" >&2; exit 1; }
for tool in pngtopnm pnmtopng pnmcat pamcut pamfile; do
    command -v $tool >/dev/null || { echo "bench-photos.sh: $tool is missing (package netpbm)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 3×3 mosaic of the first nine 768×512 photos, cropped to 2000×1500
mosaic() {
    n=0
    for f in "$kodak"/kodim*.png; do
        pngtopnm "$f" >"$tmp/k$n.pnm"
        case $(pamfile "$tmp/k$n.pnm") in *"768 by 512"*) n=$((n + 1)) ;; esac
        [ $n -lt 9 ] || break
    done
    for r in 0 1 2; do
        pnmcat -lr "$tmp/k$((3 * r)).pnm" "$tmp/k$((3 * r + 1)).pnm" "$tmp/k$((3 * r + 2)).pnm" >"$tmp/row$r.pnm"
    done
    pnmcat -tb "$tmp/row0.pnm" "$tmp/row1.pnm" "$tmp/row2.pnm" | pamcut 0 0 2000 1500 | pnmtopng >"$1"
}

# each sweep prints the CPU, the load and the GEMM kernels; the vector
# instructions the scan uses are not among them
echo "vector instructions: $(grep -q avx512f /proc/cpuinfo && echo AVX-512 ||
    { grep -q avx2 /proc/cpuinfo && echo AVX2 || echo 'no AVX2'; })"

sweep() { # PHOTO RUNS LABEL MODEL-ARGS...
    photo=$1 runs=$2 label=$3
    shift 3
    echo
    echo "== $label, $(basename "$photo" .png)"
    "$bin" bench --sweep -i "$photo" --tiles 0,64,96,128,192 -n "$runs" "$@"
}

if [ "$what" = small ] || [ "$what" = all ]; then
    small=$kodak/kodim23.png
    sweep "$small" "$runs_small" sr-x2 -s 2
    sweep "$small" "$runs_small" sr-x3 -s 3
    sweep "$small" "$runs_small" sr-x4 -s 4
    sweep "$small" "$runs_small" denoise-s25 --sigma 25
    sweep "$small" "$runs_small" dejpeg -m "$root/data/models/dejpeg.safetensors"
fi
if [ "$what" = large ] || [ "$what" = all ]; then
    mosaic "$tmp/mosaic-2000x1500.png"
    large=$tmp/mosaic-2000x1500.png
    sweep "$large" "$runs_large" sr-x2 -s 2
    sweep "$large" "$runs_large" sr-x3 -s 3
    sweep "$large" "$runs_large" sr-x4 -s 4
    sweep "$large" "$runs_large" denoise-s25 --sigma 25
fi
