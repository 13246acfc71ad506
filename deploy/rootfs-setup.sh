#!/bin/sh
# Turns a Debian bookworm root file system into rankd's runtime base: installs the packages listed
# in runtime-packages.txt and creates the unprivileged user the service runs as.
# Run as root INSIDE the target (the Dockerfile's runtime stage, or chroot in
# deploy/check-runtime-rootfs.sh): one script, so the check tests what the image gets.
#
# Usage: rootfs-setup.sh PACKAGES_FILE
set -eu

packages_file=${1:?usage: rootfs-setup.sh PACKAGES_FILE}
# Fixed ids: Kubernetes' runAsNonRoot can only verify a numeric user, and volumes are chowned by id.
RANKD_UID=10001
RANKD_GID=10001

packages=$(sed -e 's/#.*//' "$packages_file" | tr -s ' \t\n' ' ')
[ -n "${packages# }" ] || { echo "rootfs-setup: no packages in $packages_file" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $packages >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/*

# Not --system: system ids stop at 999. --no-log-init keeps a sparse multi-GB lastlog out of images.
getent group rankd >/dev/null || groupadd --gid "$RANKD_GID" rankd
getent passwd rankd >/dev/null || useradd --no-log-init --uid "$RANKD_UID" --gid "$RANKD_GID" \
  --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin rankd
