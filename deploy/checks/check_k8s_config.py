#!/usr/bin/env python3
"""Checks that k8s/ agrees with itself and with the sample bundle.

- the ConfigMap's config.json is JSON; its paths all lie in the bundle volume (/bundle), and each
  exists in the sample bundle once /bundle is mapped onto it (same layout as in S3);
- its keys have the same structure as the sample's config.json (same schema, other paths);
- the optional ServiceMonitor (a CRD kubernetes-validate has no schema for) selects the Service
  and scrapes its named port;
- terminationGracePeriodSeconds exceeds preStop pause + drain deadline; the probes and the
  container port agree with the config's port.

Usage: check_k8s_config.py K8S_DIR SAMPLE_BUNDLE_DIR
Exit 0 pass, 1 fail; without a sample bundle the sample comparisons are reported as not done.
"""
import json
import os
import sys

import yaml

BUNDLE_MOUNT = "/bundle"
DEFAULT_DRAIN_S = 10


def shape(value):
    """Keys of objects (recursively), types of leaves: two configs of one schema share a shape."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return type(value).__name__


def paths(value, where=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, f"{where}[{i}]")
    elif isinstance(value, str) and value.startswith("/"):
        yield where, value


def load_docs(k8s_dir):
    docs = {}
    for name in sorted(os.listdir(k8s_dir)):
        if name.endswith(".yaml") and name != "kustomization.yaml":
            for doc in yaml.safe_load_all(open(os.path.join(k8s_dir, name))):
                if doc:
                    docs[(doc["kind"], doc["metadata"]["name"])] = doc
    return docs


def check_config(config, sample_dir, errors, notes):
    for where, p in paths(config):
        if not (p == BUNDLE_MOUNT or p.startswith(BUNDLE_MOUNT + "/")):
            errors.append(f"config{where} = {p} is outside the bundle volume {BUNDLE_MOUNT}")
        elif sample_dir:
            local = os.path.join(sample_dir, os.path.relpath(p, BUNDLE_MOUNT))
            if not os.path.exists(local):
                errors.append(f"config{where} = {p}: the sample bundle has no {os.path.relpath(local)}")
    if not sample_dir:
        notes.append("no sample bundle: paths and schema not compared with deploy/sample/config.json")
        return
    sample = json.load(open(os.path.join(sample_dir, "config.json")))
    if shape(config) != shape(sample):
        errors.append("k8s config.json and the sample's config.json differ in structure:\n"
                      f"  k8s:    {json.dumps(shape(config), sort_keys=True)}\n"
                      f"  sample: {json.dumps(shape(sample), sort_keys=True)}")


def check_deployment(dep, config, errors):
    pod = dep["spec"]["template"]["spec"]
    rankd = next(c for c in pod["containers"] if c["name"] == "rankd")
    port = next(p["containerPort"] for p in rankd["ports"] if p["name"] == "http")
    server = config.get("server", {})
    if server.get("port", 8080) != port:
        errors.append(f"config server.port {server.get('port')} != containerPort {port}")
    args = rankd.get("args", [])
    if "--port" in args and int(args[args.index("--port") + 1]) != port:
        errors.append("rankd --port differs from containerPort")
    drain = server.get("shutdown_timeout_seconds", DEFAULT_DRAIN_S)
    pause = rankd.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
    grace = pod.get("terminationGracePeriodSeconds", 30)
    if grace <= pause + drain:
        errors.append(f"terminationGracePeriodSeconds {grace} <= preStop {pause}s + drain {drain}s")
    for probe, path in (("livenessProbe", "/health"), ("readinessProbe", "/ready"), ("startupProbe", "/health")):
        got = rankd.get(probe, {}).get("httpGet", {}).get("path")
        if got != path:
            errors.append(f"{probe} checks {got}, want {path}")


def check_service_monitor(k8s_dir, service, errors):
    """The ServiceMonitor is a CRD (no schema here): check it selects the Service's port by name."""
    path = os.path.join(k8s_dir, "monitoring", "servicemonitor.yaml")
    if not os.path.exists(path):
        return
    sm = yaml.safe_load(open(path))
    labels = service["metadata"].get("labels", {})
    wanted = sm["spec"]["selector"].get("matchLabels", {})
    if not wanted or any(labels.get(k) != v for k, v in wanted.items()):
        errors.append(f"ServiceMonitor selects {wanted}, Service has labels {labels}")
    ports = {p.get("name") for p in service["spec"]["ports"]}
    for ep in sm["spec"]["endpoints"]:
        if ep.get("port") not in ports or ep.get("path", "/metrics") != "/metrics":
            errors.append(f"ServiceMonitor endpoint {ep} does not scrape a Service port's /metrics")


def main():
    k8s_dir, sample_dir = sys.argv[1], sys.argv[2]
    if not os.path.isfile(os.path.join(sample_dir, "config.json")):
        sample_dir = None
    errors, notes = [], []
    docs = load_docs(k8s_dir)
    try:
        config = json.loads(docs[("ConfigMap", "rankd-config")]["data"]["config.json"])
    except (KeyError, ValueError) as e:
        print(f"ConfigMap rankd-config has no valid config.json: {e}")
        return 1
    check_config(config, sample_dir, errors, notes)
    check_deployment(docs[("Deployment", "rankd")], config, errors)
    check_service_monitor(k8s_dir, docs[("Service", "rankd")], errors)
    for line in errors + notes:
        print(line)
    if not errors:
        print("k8s config, probes and shutdown timing agree" + ("" if sample_dir else " (sample not compared)"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
