# syntax=docker/dockerfile:1
# rankd: build a release binary with the static Swift stdlib, ship it on Debian slim.
# The runtime stage is rebuilt and exercised without a container engine by
# deploy/check-runtime-rootfs.sh (same package list, same setup and staging scripts).

# ---- build ---------------------------------------------------------------------------------------
# Swift 6.3.1 on Debian 12, the toolchain CI builds and tests with.
FROM swift:6.3.1-bookworm AS build
WORKDIR /src
# Dependencies first: this layer is reused until the install script changes.
COPY deploy/install-deps.sh deploy/
RUN bash deploy/install-deps.sh
COPY Package.swift ./
COPY Sources Sources
# Declared test targets must exist for SwiftPM; they are not compiled (.dockerignore drops fixtures).
COPY Tests Tests
RUN swift build -c release --static-swift-stdlib
COPY deploy/stage-runtime.sh deploy/
COPY deploy/sample deploy/sample
# Lays out /out: the binary, libonnxruntime.so.1.x.y with its two symlinks, the sample bundle.
RUN bash deploy/stage-runtime.sh /out .build/release/rankd deploy/sample

# ---- runtime -------------------------------------------------------------------------------------
FROM debian:bookworm-slim
# Packages and the user come from one script, shared with the rootfs check.
COPY deploy/runtime-packages.txt deploy/rootfs-setup.sh /tmp/rankd-setup/
RUN sh /tmp/rankd-setup/rootfs-setup.sh /tmp/rankd-setup/runtime-packages.txt \
    && rm -rf /tmp/rankd-setup
# One directory copy keeps the library's symlinks (libonnxruntime.so -> .so.1 -> .so.1.x.y).
COPY --from=build /out/ /
# /usr/local/lib is searched through ld.so.cache: refresh it for the library just added.
RUN ["/sbin/ldconfig"]
# Numeric, so Kubernetes' runAsNonRoot can verify it (the user is created as rankd 10001:10001).
USER 10001:10001
EXPOSE 8080
# rankd drains in-flight requests on SIGTERM (server.shutdown_timeout_seconds, default 10 s):
# give `docker stop` a longer timeout than that (docker stop -t 15).
STOPSIGNAL SIGTERM
# No curl in the image: rankd probes itself (exit 0 when /health answers 200).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/rankd", "healthcheck", "--url", "http://127.0.0.1:8080/health"]
ENTRYPOINT ["/usr/local/bin/rankd"]
# Without --config rankd serves the bundled sample (/usr/local/share/rankd/sample/config.json).
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
