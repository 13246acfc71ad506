#!/usr/bin/env python3
"""Validates deploy/docker-compose.yml without a container engine.

`docker-compose config` (Debian's docker-compose, schema-validating, engine-free) resolves and
validates the file; then the resolved model is checked against the files it wires together: the
rankd replicas are exactly nginx's upstream servers and Prometheus' rankd targets, every file
bind-mounted from the repository exists, and the replicas keep the hardening and drain time.

Usage: check_compose.py COMPOSE_FILE NGINX_CONF PROMETHEUS_YML
"""
import os
import re
import subprocess
import sys

import yaml

DRAIN_DEADLINE_S = 10  # rankd's default server.shutdown_timeout_seconds


def seconds(duration):
    m = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", str(duration))
    if not m or not any(m.groups()):
        raise ValueError(f"unreadable duration {duration!r}")
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def resolved_config(compose_file):
    env = dict(os.environ)
    env.pop("RANKD_BUNDLE", None)  # check the defaults
    out = subprocess.run(["docker-compose", "-f", compose_file, "config"], capture_output=True,
                         text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"docker-compose config rejects {compose_file}:\n{out.stderr.strip()}")
    return yaml.safe_load(out.stdout)


def rankd_services(services):
    return {name: s for name, s in services.items()
            if s.get("build", {}).get("dockerfile") == "Dockerfile" or str(s.get("image", "")).startswith("rankd")}


def check(compose_file, nginx_conf, prometheus_yml):
    errors = []
    services = resolved_config(compose_file)["services"]
    rankd = rankd_services(services)
    if len(rankd) < 2:
        errors.append(f"want 2+ rankd replicas, found {sorted(rankd)}")
    backends = {f"{name}:8080" for name in rankd}

    block = re.search(r"^\s*upstream\s+rankd\s*\{(.*?)\}", open(nginx_conf).read(), re.M | re.S)
    body = block.group(1) if block else ""
    upstream = set(re.findall(r"^\s*server\s+([^\s;]+)", body, re.M))
    if upstream != backends:
        errors.append(f"nginx upstream rankd servers {sorted(upstream)} != rankd replicas {sorted(backends)}")
    if not re.search(r"^\s*keepalive\s+\d+;", body, re.M):
        errors.append("nginx upstream rankd has no keepalive pool")

    prom = yaml.safe_load(open(prometheus_yml))
    jobs = {j["job_name"]: j for j in prom["scrape_configs"]}
    targets = {t for sc in jobs.get("rankd", {}).get("static_configs", []) for t in sc["targets"]}
    if targets != backends:
        errors.append(f"Prometheus job rankd targets {sorted(targets)} != rankd replicas {sorted(backends)}")

    for name, s in services.items():
        for v in s.get("volumes", []):
            src = v.split(":")[0] if isinstance(v, str) else v.get("source", "")
            if src.startswith("/") and not os.path.exists(src):
                errors.append(f"service {name} mounts {src}, which does not exist")
    for name, s in rankd.items():
        if not s.get("read_only"):
            errors.append(f"{name}: root file system is not read-only")
        if "ALL" not in s.get("cap_drop", []):
            errors.append(f"{name}: capabilities are not all dropped")
        if seconds(s.get("stop_grace_period", "10s")) <= DRAIN_DEADLINE_S:
            errors.append(f"{name}: stop_grace_period must exceed the {DRAIN_DEADLINE_S}s drain deadline")
    if "service_healthy" not in {d.get("condition") for d in services["nginx"].get("depends_on", {}).values()}:
        errors.append("nginx does not wait for healthy replicas")
    return errors


def main():
    errors = check(*sys.argv[1:4])
    for e in errors:
        print(e)
    if not errors:
        print("docker-compose config valid; replicas, nginx upstream and Prometheus targets agree")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
