#!/usr/bin/env bash
# Lays out, under DEST, every file the runtime image adds on top of Debian: the release binary, the
# ONNX Runtime library with its symlinks (the one the binary was built and tested against), and the
# sample bundle. The Dockerfile's build stage stages into /out and the runtime stage copies /out/
# in one COPY (copying a directory keeps symlinks; naming each file would copy the library three
# times). deploy/check-runtime-rootfs.sh stages into its chroot with this same script.
#
# Usage: stage-runtime.sh DEST BINARY BUNDLE_DIR [ORT_LIBDIR]
set -euo pipefail

die() { printf 'stage-runtime: error: %s\n' "$*" >&2; exit 1; }

[ $# -ge 3 ] || die "usage: stage-runtime.sh DEST BINARY BUNDLE_DIR [ORT_LIBDIR]"
dest=$1 binary=$2 bundle=$3 ort_libdir=${4:-/usr/local/lib}

[ -x "$binary" ] || die "no executable binary at $binary (build: swift build -c release --static-swift-stdlib)"
[ -f "$bundle/config.json" ] || die "no config.json in bundle $bundle"
# The loader asks for the SONAME; the versioned file is what it points to.
[ -e "$ort_libdir/libonnxruntime.so.1" ] || die "no libonnxruntime.so.1 in $ort_libdir (run deploy/install-deps.sh)"

install -D -m 0755 "$binary" "$dest/usr/local/bin/rankd"

mkdir -p "$dest/usr/local/lib"
# -P keeps symlinks as symlinks: libonnxruntime.so -> .so.1 -> .so.1.x.y, as installed.
cp -P "$ort_libdir"/libonnxruntime.so* "$dest/usr/local/lib/"
[ -e "$dest/usr/local/lib/libonnxruntime.so.1" ] || die "libonnxruntime.so.1 is a dangling symlink after copying"

sample="$dest/usr/local/share/rankd/sample"
mkdir -p "$sample"
cp -R "$bundle/." "$sample/"
# Root owns the files; the service user only reads them.
chmod -R u=rwX,go=rX "$dest/usr/local/share/rankd"
