#!/usr/bin/env bash
# Runs every deployment check: Dockerfile, k8s/, terraform/, deploy/ monitoring and compose files,
# and last the runtime root file system check (deploy/check-runtime-rootfs.sh, which runs the
# release binary in a debootstrapped copy of the image's runtime stage).
# Prints PASS/FAIL/SKIP per check and a final "N passed, M failed, K skipped" line; exits non-zero
# when any check failed.
#
# Usage: deploy/check-deployment.sh [--no-install] [--no-rootfs]
# Environment: RANKD_TOOLS (venv location, default /opt/rankd-tools); RANKD_BINARY (a release
# binary to use instead of building the Docker context); RANKD_BUNDLE (default deploy/sample);
# RANKD_CONTEXT_BUILD (where the context is mirrored and built, default under /var/cache).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1
venv=${RANKD_TOOLS:-/opt/rankd-tools}/venv/bin
py=$venv/python
# The manifests are validated against the Kubernetes version Terraform creates the cluster with
# (terraform/variables.tf's kubernetes_version default), so the two cannot drift apart.
k8s_version=$(awk '/variable "kubernetes_version"/ { in_block = 1 }
  in_block && /default/ { gsub(/[^0-9.]/, "", $0); print $0 ".0"; exit }' terraform/variables.tf)
[ -n "$k8s_version" ] || { echo "cannot read kubernetes_version's default from terraform/variables.tf" >&2; exit 1; }
install=1 rootfs=1
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    --no-rootfs) rootfs=0 ;;
    *) echo "usage: deploy/check-deployment.sh [--no-install] [--no-rootfs]" >&2; exit 2 ;;
  esac
done

passed=0 failed=0 skipped=0
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

# run NAME CMD...: exit 0 PASS, 77 SKIP (reason = last output line), anything else FAIL (with output).
run() {
  local name=$1; shift
  local log="$logdir/$passed-$failed-$skipped.log" status
  "$@" >"$log" 2>&1
  status=$?
  if [ "$status" = 0 ]; then
    passed=$((passed + 1)); echo "PASS $name"
  elif [ "$status" = 77 ]; then
    skipped=$((skipped + 1)); echo "SKIP $name: $(grep -v '^\s*$' "$log" | tail -n 1)"
  else
    failed=$((failed + 1)); echo "FAIL $name (exit $status)"
    tail -n 40 "$log" | sed 's/^/    /'
  fi
}

# Output lines that are errors even when the tool exits 0.
no_lines_matching() { local pattern=$1; shift; local out; out=$("$@" 2>&1); local s=$?; echo "$out"; [ $s = 0 ] && ! grep -Eq "$pattern" <<<"$out"; }

# The deploy scripts, and the bundle sync script embedded in its ConfigMap (run by /bin/sh).
shellcheck_all() {
  command -v shellcheck >/dev/null || { echo "shellcheck is not installed"; return 1; }
  shellcheck -S warning deploy/*.sh || return 1
  "$py" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["data"]["sync.sh"], end="")' \
    k8s/bundle-sync-configmap.yaml >"$logdir/sync.sh" || return 1
  shellcheck -S warning -s sh "$logdir/sync.sh"
}

checkov_clean() { "$venv/checkov" --compact --quiet --skip-download "$@"; }

hcl2_parse_all() {
  local f ok=0
  for f in terraform/*.tf; do
    "$py" -c 'import hcl2, sys; hcl2.load(open(sys.argv[1]))' "$f" || { echo "python-hcl2 cannot parse $f"; ok=1; }
  done
  return $ok
}

k8s_manifests() { find k8s -maxdepth 1 -name '*.yaml' ! -name kustomization.yaml | sort; }

# Every API object must match a schema: an unknown kind (a CRD) is a failure here, not a warning.
k8s_validate_files() {
  # shellcheck disable=SC2046
  no_lines_matching "Couldn't find schema|ERROR" \
    "$venv/kubernetes-validate" -k "$k8s_version" --strict $(k8s_manifests)
}

k8s_validate_rendered() {
  command -v kubectl >/dev/null || { echo "no kubectl for 'kubectl kustomize'"; return 77; }
  kubectl kustomize k8s >"$logdir/rendered.yaml" || return 1
  [ "$(grep -c '^kind:' "$logdir/rendered.yaml")" -ge "$(k8s_manifests | wc -l)" ] \
    || { echo "kustomize rendered fewer objects than k8s/ holds"; return 1; }
  no_lines_matching "Couldn't find schema|ERROR" \
    "$venv/kubernetes-validate" -k "$k8s_version" --strict "$logdir/rendered.yaml"
}

# nginx -t on a copy whose upstream names resolve here (compose service names do not).
nginx_syntax() {
  command -v nginx >/dev/null || { echo "nginx is not installed"; return 1; }
  local d="$logdir/nginx"
  mkdir -p "$d"
  sed -E -e 's/server rankd-[0-9]+:8080/server 127.0.0.1:8080/' \
    -e "s#/var/log/nginx/#$d/#" deploy/nginx.conf >"$d/nginx.conf"
  nginx -t -q -p "$d" -e "$d/error.log" -c "$d/nginx.conf"
}

# The Dockerfile's build stage, minus the container: the .dockerignore'd context mirrored into a
# kept folder (incremental builds), then the same swift build. Its binary feeds the rootfs check.
context_dir=${RANKD_CONTEXT_BUILD:-/var/cache/rankd-rootfs/context}
build_stage() {
  mkdir -p "$context_dir" || return 1
  "$py" deploy/checks/check_docker_context.py . --sync "$context_dir" || return 1
  swift build -c release --static-swift-stdlib --package-path "$context_dir"
}

rootfs_check() {
  local binary=${RANKD_BINARY:-$context_dir/.build/release/rankd}
  [ -x "$binary" ] || { echo "no release binary at $binary (the build stage check failed?)"; return 1; }
  bash deploy/check-runtime-rootfs.sh "$binary" "${RANKD_BUNDLE:-$repo/deploy/sample}"
}

if [ "$install" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    run "install checkers (deploy/install-deps.sh checks test)" bash deploy/install-deps.sh checks test
  else
    echo "not root: using the checkers already installed"
  fi
fi

run "shellcheck deploy/*.sh + k8s bundle sync script" shellcheck_all
run "hadolint Dockerfile" no_lines_matching "." "$venv/hadolint" Dockerfile
run "checkov dockerfile" checkov_clean -f Dockerfile --framework dockerfile
run "docker build context (.dockerignore) holds every COPY source" "$py" deploy/checks/check_docker_context.py .
run "kubernetes-validate --strict k8s/*.yaml ($k8s_version)" k8s_validate_files
run "kubectl kustomize k8s + kubernetes-validate" k8s_validate_rendered
run "checkov kubernetes k8s/" checkov_clean -d k8s --framework kubernetes
run "k8s config, probes and shutdown timing" "$py" deploy/checks/check_k8s_config.py k8s deploy/sample
run "checkov terraform" checkov_clean -d terraform --framework terraform
run "python-hcl2 parses terraform/*.tf" hcl2_parse_all
run "promtool check config deploy/prometheus.yml" promtool check config deploy/prometheus.yml
run "promtool check rules deploy/alerts.yml" promtool check rules deploy/alerts.yml
run "promtool test rules deploy/alerts_test.yml" promtool test rules deploy/alerts_test.yml
run "grafana dashboard JSON + PromQL" "$py" deploy/checks/check_dashboard.py \
  deploy/grafana/dashboards/rankd.json deploy/grafana/provisioning/datasources/prometheus.yml deploy/alerts.yml
run "docker-compose config + wiring" "$py" deploy/checks/check_compose.py \
  deploy/docker-compose.yml deploy/nginx.conf deploy/prometheus.yml
run "nginx -t deploy/nginx.conf" nginx_syntax
run "openapi-spec-validator deploy/openapi.yaml" "$venv/openapi-spec-validator" deploy/openapi.yaml
if [ "$rootfs" = 1 ]; then
  [ -n "${RANKD_BINARY:-}" ] || run "build stage: swift build -c release on the .dockerignore'd context" build_stage
  run "runtime rootfs: rankd serves the sample in the image's file system" rootfs_check
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
