#!/usr/bin/env bash
# Proves the Dockerfile's runtime stage holds everything rankd needs, without a container engine:
# builds the same root file system (debootstrap bookworm minbase + deploy/rootfs-setup.sh + the
# files deploy/stage-runtime.sh lays out), starts rankd in it with chroot as the unprivileged user,
# probes /health, /ready, POST /rank and /metrics, runs the Dockerfile's HEALTHCHECK command, then
# sends SIGTERM and expects exit status 0.
#
# Usage: deploy/check-runtime-rootfs.sh [BINARY] [BUNDLE_DIR]
#   BINARY      default $RANKD_BINARY or .build/release/rankd
#   BUNDLE_DIR  default $RANKD_BUNDLE or deploy/sample
# Environment: RANKD_ROOTFS_CACHE (default /var/cache/rankd-rootfs), RANKD_READY_TIMEOUT (60 s).
# Exit status: 0 pass, 1 fail, 77 skipped (not root, no debootstrap, chroot/mount not permitted).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=$(realpath -m "${1:-${RANKD_BINARY:-$repo/.build/release/rankd}}")
bundle=$(realpath -m "${2:-${RANKD_BUNDLE:-$repo/deploy/sample}}")
cache=${RANKD_ROOTFS_CACHE:-/var/cache/rankd-rootfs}
ready_timeout=${RANKD_READY_TIMEOUT:-60}
suite=bookworm
variant=minbase
tools_python=${RANKD_TOOLS:-/opt/rankd-tools}/venv/bin/python
work="" pid=""   # global: the EXIT trap reads them

log() { printf 'check-runtime-rootfs: %s\n' "$*" >&2; }
fail() { printf 'check-runtime-rootfs: FAIL: %s\n' "$*" >&2; exit 1; }
skip() { printf 'check-runtime-rootfs: SKIP: %s\n' "$*" >&2; exit 77; }

[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (deploy/install-deps.sh checks)"
chroot / true 2>/dev/null || skip "chroot is not permitted here (no CAP_SYS_CHROOT)"
[ -x "$binary" ] || fail "no release binary at $binary"
[ -f "$bundle/config.json" ] || fail "no bundle at $bundle (config.json missing)"
[ -x "$tools_python" ] || fail "no tools venv at $tools_python (deploy/install-deps.sh checks)"

# The Debian archive this machine already uses, from its own apt sources (deb822 or one-line).
debian_mirror() {
  local uri=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    uri=$(awk -v suite="$suite" '
      function flush() { if (ok && u != "" && !found) { print u; found = 1 } ok = 0; u = "" }
      /^[[:space:]]*$/ { flush(); next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
      END { flush() }' /etc/apt/sources.list.d/*.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' /etc/apt/sources.list)
  fi
  printf '%s' "$uri"
}

# Everything inside the cached tree derives from these inputs: change one, get a new tree.
cache_key() {
  cat "$repo/deploy/runtime-packages.txt" "$repo/deploy/rootfs-setup.sh" \
    | { cat; echo "$suite $variant"; } | sha256sum | cut -c1-16
}

# Mounts made by this script, unmounted (in reverse) before any directory is removed.
mounts=()
mount_into() { mount "$@" && mounts+=("${*: -1}"); }
unmount_all() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true; done
  mounts=()
}
# Refuses to delete a tree that still has something mounted inside (e.g. /proc).
remove_tree() {
  local dir=$1
  [ -d "$dir" ] || return 0
  if findmnt -rn -o TARGET | grep -q "^$(realpath "$dir")/"; then
    log "not removing $dir: something is still mounted inside"; return 1
  fi
  rm -rf --one-file-system "$dir"
}

# /proc for the process metrics, and the few device nodes a program may open.
prepare_chroot() {
  local root=$1 dev
  mount_into -t proc proc "$root/proc" || skip "mounting proc in the chroot is not permitted"
  for dev in null zero random urandom; do
    [ -c "$root/dev/$dev" ] && continue
    rm -f "$root/dev/$dev"; touch "$root/dev/$dev"
    mount_into --bind "/dev/$dev" "$root/dev/$dev" || skip "bind-mounting /dev/$dev is not permitted"
  done
}

build_base() {
  local base=$1 mirror tmp
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || skip "no Debian $suite archive URI in /etc/apt to debootstrap from"
  tmp="$base.partial"
  remove_tree "$tmp"
  mkdir -p "$(dirname "$base")"
  log "debootstrap --variant=$variant $suite (once per package list; cached in $base)"
  debootstrap --variant="$variant" "$suite" "$tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 20 "$cache/debootstrap.log" >&2; skip "debootstrap failed here (log: $cache/debootstrap.log)"; }
  mkdir -p "$tmp/tmp/rankd-setup"
  cp "$repo/deploy/runtime-packages.txt" "$repo/deploy/rootfs-setup.sh" "$tmp/tmp/rankd-setup/"
  cp /etc/resolv.conf "$tmp/etc/resolv.conf"
  prepare_chroot "$tmp"
  log "installing runtime packages with deploy/rootfs-setup.sh (as the Dockerfile does)"
  chroot "$tmp" /bin/sh /tmp/rankd-setup/rootfs-setup.sh /tmp/rankd-setup/runtime-packages.txt \
    || { unmount_all; fail "deploy/rootfs-setup.sh failed inside the debootstrapped tree"; }
  unmount_all
  rm -rf "$tmp/tmp/rankd-setup" "$tmp/etc/resolv.conf"
  mv "$tmp" "$base"
  # Trees for older package lists are dead weight.
  find "$cache" -mindepth 1 -maxdepth 1 -type d -name "$suite-$variant-*" ! -path "$base" \
    -exec rm -rf --one-file-system {} +
}

# Runs on every exit: nothing may abort it half-way (set -e is off), mounts go before the tree.
cleanup() {
  local status=$?
  set +e
  if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  unmount_all
  if [ -n "$work" ]; then remove_tree "$work"; fi
  exit "$status"
}

free_port() {
  "$tools_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The HEALTHCHECK CMD of the Dockerfile as a JSON array, its port moved to the one used here.
healthcheck_command() {
  "$tools_python" - "$repo/Dockerfile" "$1" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
m = re.search(r"^HEALTHCHECK\b.*?\bCMD\s+(\[.*\])\s*$", text, re.M)
if not m:
    sys.exit("Dockerfile has no exec-form HEALTHCHECK CMD")
print("\0".join(a.replace(":8080", ":" + sys.argv[2]) for a in json.loads(m.group(1))), end="")
PY
}

main() {
  local key base root port status user_ids hc
  trap cleanup EXIT
  mkdir -p "$cache"
  key=$(cache_key)
  base="$cache/$suite-$variant-$key"
  [ -d "$base" ] || build_base "$base"

  work=$(mktemp -d /var/tmp/rankd-rootfs-run.XXXXXX)
  root="$work/root"
  cp -a "$base" "$root"
  bash "$repo/deploy/stage-runtime.sh" "$root" "$binary" "$bundle"
  chroot "$root" /sbin/ldconfig
  prepare_chroot "$root"

  local missing
  missing=$(chroot "$root" /usr/bin/ldd /usr/local/bin/rankd | grep 'not found' || true)
  [ -z "$missing" ] || fail "the runtime file system lacks libraries rankd needs:"$'\n'"$missing"
  log "PASS: ldd finds every library rankd needs inside the runtime file system"

  # Numeric ids of the image's user, read from the image itself (the Dockerfile says USER 10001).
  user_ids=$(chroot "$root" /usr/bin/id -u rankd):$(chroot "$root" /usr/bin/id -g rankd) \
    || fail "no user rankd in the runtime file system"
  port=$(free_port)
  log "starting rankd serve as rankd ($user_ids) on 127.0.0.1:$port"
  chroot --userspec="$user_ids" "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin \
    /usr/local/bin/rankd serve --host 127.0.0.1 --port "$port" >"$work/rankd.log" 2>&1 &
  pid=$!

  if ! "$tools_python" "$repo/deploy/checks/probe_rankd.py" "http://127.0.0.1:$port" \
      "$root/usr/local/share/rankd/sample" --ready-timeout "$ready_timeout" --alive "$pid"; then
    log "rankd output (last 40 lines):"; tail -n 40 "$work/rankd.log" >&2
    fail "rankd in the runtime file system did not serve the sample bundle"
  fi

  local uid
  uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
  [ "$uid" = "${user_ids%%:*}" ] || fail "rankd runs as uid $uid, not the image's user ${user_ids%%:*}"
  log "PASS: rankd runs as uid $uid (the image's non-root user)"

  mapfile -d '' -t hc < <(healthcheck_command "$port")
  chroot --userspec="$user_ids" "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin "${hc[@]}" \
    || fail "the Dockerfile's HEALTHCHECK command (${hc[*]}) failed against a healthy server"
  log "PASS: HEALTHCHECK command '${hc[*]}' exits 0"

  kill -TERM "$pid"
  # Drain deadline is 10 s by default; give it that plus slack, bounded.
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && fail "rankd still running 15 s after SIGTERM"
  status=0; wait "$pid" || status=$?
  pid=""
  [ "$status" = 0 ] || { tail -n 20 "$work/rankd.log" >&2; fail "rankd exited with status $status after SIGTERM (want 0)"; }
  log "PASS: SIGTERM -> exit status 0"
  echo "check-runtime-rootfs: PASS"
}

main
