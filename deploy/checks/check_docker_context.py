#!/usr/bin/env python3
"""Checks the Dockerfile's build context as .dockerignore shapes it (no engine needed).

The context is computed with docker-py's .dockerignore implementation (docker.utils.build). Every
local COPY source in the Dockerfile must be in that context, and build output (.build*), Python
caches and VCS data must not be.

With --sync DEST it also mirrors the context into DEST (changed files copied, files no longer in
the context removed, DEST/.build kept), so the build stage's `swift build` can run on exactly
what `docker build` would send, incrementally.

Usage: check_docker_context.py REPO_DIR [--sync DEST]
"""
import os
import re
import shlex
import shutil
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


def mirror(repo, context, dest):
    files = {p for p in context if os.path.isfile(os.path.join(repo, p))}
    for rel in files:
        src, dst = os.path.join(repo, rel), os.path.join(dest, rel)
        st = os.stat(src)
        if os.path.isfile(dst) and os.stat(dst).st_size == st.st_size and os.stat(dst).st_mtime == st.st_mtime:
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
    for root, dirs, names in os.walk(dest, topdown=True):
        rel_root = os.path.relpath(root, dest)
        if rel_root == ".":
            dirs[:] = [d for d in dirs if d != ".build"]
        for name in names:
            rel = os.path.normpath(os.path.join(rel_root, name))
            if rel not in files:
                os.remove(os.path.join(root, name))


def main():
    repo = sys.argv[1]
    with open(os.path.join(repo, ".dockerignore")) as f:
        patterns = [p.strip() for p in f if p.strip() and not p.startswith("#")]
    context = exclude_paths(repo, patterns)
    if len(sys.argv) == 4 and sys.argv[2] == "--sync":
        mirror(repo, context, sys.argv[3])
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
