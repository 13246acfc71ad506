#!/usr/bin/env python3
"""Checks the Dockerfile's build context as .dockerignore shapes it (no engine needed).

The context is computed with docker-py's .dockerignore implementation (docker.utils.build). Every
local COPY source in the Dockerfile must be in that context, and build output (.build*), Python
caches and VCS data must not be.

Usage: check_docker_context.py REPO_DIR
"""
import os
import re
import shlex
import sys

from docker.utils.build import exclude_paths

FORBIDDEN = re.compile(r"(^|/)(\.build[^/]*|\.git|__pycache__)(/|$)")


def copy_sources(dockerfile):
    text = open(dockerfile).read().replace("\\\n", " ")
    for line in text.splitlines():
        words = shlex.split(line, comments=True) if line.strip() else []
        if not words or words[0].upper() not in ("COPY", "ADD"):
            continue
        args = [w for w in words[1:] if not w.startswith("--")]
        if any(w.startswith("--from") for w in words[1:]):
            continue  # from another stage, not the context
        yield from args[:-1]


def main():
    repo = sys.argv[1]
    with open(os.path.join(repo, ".dockerignore")) as f:
        patterns = [p.strip() for p in f if p.strip() and not p.startswith("#")]
    context = exclude_paths(repo, patterns)
    errors = []
    for src in copy_sources(os.path.join(repo, "Dockerfile")):
        src = src.rstrip("/")
        if not any(p == src or p.startswith(src + "/") for p in context):
            errors.append(f"COPY source {src} is not in the build context (missing, or excluded by .dockerignore)")
    leaked = sorted(p for p in context if FORBIDDEN.search(p))
    if leaked:
        errors.append(f"build context holds build output or caches: {leaked[:5]}")
    for e in errors:
        print(e)
    if not errors:
        print(f"build context: {len(context)} paths; every COPY source is in it, no build output")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
