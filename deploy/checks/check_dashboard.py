#!/usr/bin/env python3
"""Checks the Grafana dashboard and the alert rules against the metrics rankd exposes.

- the dashboard is valid JSON with unique panel ids, every panel and target on the provisioned
  datasource uid;
- every PromQL expression parses: Grafana's variables are replaced by sample values and each
  expression becomes a recording rule in a temporary rules file for `promtool check rules`
  (promtool has no "parse this expression" command);
- every metric the dashboard or alerts.yml names is one rankd exposes (catches typos), and the
  dashboard covers every rankd metric family.

Usage: check_dashboard.py DASHBOARD_JSON DATASOURCE_YAML ALERTS_YAML
"""
import json
import re
import subprocess
import sys
import tempfile

# The service's metric families (issue 6): name -> type. Histograms add _bucket/_sum/_count.
RANKD_FAMILIES = {
    "rankd_http_requests_total": "counter",
    "rankd_http_request_duration_seconds": "histogram",
    "rankd_http_open_connections": "gauge",
    "rankd_http_received_bytes_total": "counter",
    "rankd_http_sent_bytes_total": "counter",
    "rankd_http_rejected_requests_total": "counter",
    "rankd_rank_requests_total": "counter",
    "rankd_rank_candidates": "histogram",
    "rankd_model_scoring_seconds": "histogram",
    "rankd_feature_lookup_seconds": "histogram",
    "rankd_feature_rows_missing_total": "counter",
    "rankd_model_info": "gauge",
    "rankd_reloads_total": "counter",
    "rankd_table_rows": "gauge",
    "rankd_snapshot_age_seconds": "gauge",
    "rankd_ready": "gauge",
}
OTHER_SERIES = {"up", "process_cpu_seconds_total", "process_resident_memory_bytes",
                "process_open_fds", "process_start_time_seconds", "process_virtual_memory_bytes"}
GRAFANA_VARS = {"$__rate_interval": "1m", "$__interval": "15s", "$__range": "1h", "$instance": ".*",
                "${instance}": ".*", "${instance:regex}": ".*"}
METRIC_NAME = re.compile(r"\b((?:rankd|process)_[a-z0-9_]+|up)\b(?=\s*[{\[)])")


def series_names():
    names = set(OTHER_SERIES)
    for family, kind in RANKD_FAMILIES.items():
        if kind == "histogram":
            names.update(family + s for s in ("_bucket", "_sum", "_count"))
        else:
            names.add(family)
    return names


def family_of(series):
    for suffix in ("_bucket", "_sum", "_count"):
        if series.endswith(suffix) and series[: -len(suffix)] in RANKD_FAMILIES:
            return series[: -len(suffix)]
    return series


def walk_panels(panels):
    for p in panels:
        yield p
        yield from walk_panels(p.get("panels", []))


def substitute(expr):
    for var, value in sorted(GRAFANA_VARS.items(), key=lambda kv: -len(kv[0])):
        expr = expr.replace(var, value)
    if "$" in expr:
        raise ValueError(f"unknown Grafana variable in: {expr}")
    return expr


def dashboard_exprs(dash, ds_uid, errors):
    exprs = []
    ids = [p.get("id") for p in walk_panels(dash["panels"])]
    if len(ids) != len(set(ids)):
        errors.append(f"panel ids are not unique: {ids}")
    for p in walk_panels(dash["panels"]):
        if p.get("type") == "row":
            continue
        for t in p.get("targets", []):
            uid = (t.get("datasource") or p.get("datasource") or {}).get("uid")
            if uid != ds_uid:
                errors.append(f"panel '{p['title']}' target {t.get('refId')} uses datasource {uid!r}, not {ds_uid!r}")
            exprs.append((f"panel '{p['title']}' {t.get('refId')}", t["expr"]))
    for v in dash.get("templating", {}).get("list", []):
        m = re.fullmatch(r"label_values\((.*),\s*\w+\)", v.get("definition", ""))
        if m:
            exprs.append((f"variable '{v['name']}'", m.group(1)))
    return exprs


def promtool_parse(exprs):
    rules = {"groups": [{"name": "dashboard_exprs", "rules": [
        {"record": f"dashboard:expr_{i}", "expr": substitute(e)} for i, (_, e) in enumerate(exprs)]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".yml") as f:
        json.dump(rules, f)  # JSON is YAML
        f.flush()
        out = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True)
    return out.returncode, (out.stdout + out.stderr).strip()


def main():
    dash_path, ds_path, alerts_path = sys.argv[1:4]
    errors = []
    try:
        dash = json.load(open(dash_path))
    except ValueError as e:
        print(f"{dash_path}: not valid JSON: {e}")
        return 1
    m = re.search(r"^\s*uid:\s*(\S+)", open(ds_path).read(), re.M)
    ds_uid = m.group(1) if m else None
    exprs = dashboard_exprs(dash, ds_uid, errors)
    code, out = promtool_parse(exprs)
    if code != 0:
        errors.append(f"promtool rejects a dashboard expression:\n{out}")
    known = series_names()
    used_by_dashboard = set()
    for where, e in exprs:
        for name in METRIC_NAME.findall(e):
            used_by_dashboard.add(family_of(name))
            if name not in known:
                errors.append(f"{where}: unknown metric {name}")
    for name in METRIC_NAME.findall(open(alerts_path).read()):
        if name not in known:
            errors.append(f"{alerts_path}: unknown metric {name}")
    uncovered = sorted(set(RANKD_FAMILIES) - used_by_dashboard)
    if uncovered:
        errors.append(f"dashboard shows no panel for: {', '.join(uncovered)}")
    for e in errors:
        print(e)
    if not errors:
        print(f"{len(exprs)} expressions parse; every rankd metric family is on the dashboard")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
