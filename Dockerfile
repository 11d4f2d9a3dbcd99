# The guanxi service in a small image. It talks to Neo4j over Bolt (NEO4J_URI); the local
# Java launcher is not included: in Docker, Neo4j runs as its own container (docker-compose.yml).
# The web page and its JavaScript libraries are embedded in the binary (build.rs); the image
# needs neither Node.js nor any file beside the binary to serve them.
# tests/docker_compose.rs checks this file against the binary (commands, port, copied folders).

# The page's libraries (cytoscape.js, ECharts) from npm with the lockfile; no dev dependencies
# (playwright-core and @sparticuz/chromium are for the browser tests only), no install scripts.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Everything build.rs and the include_str! of src/ read: the sources, the Cypher and loader
# files, the page's own files (a web/node_modules of the build context is left out), then the
# libraries installed above: build.rs finds them and embeds them without running npm.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY cypher ./cypher
COPY loaders ./loaders
COPY web/index.html web/package.json web/package-lock.json ./web/
COPY web/assets ./web/assets
COPY --from=web /src/web/node_modules ./web/node_modules
RUN cargo build --release --locked

# The runtime: the binary, CA certificates (Neo4j over TLS, webhooks), time zones (scheduled
# scans run in local time, TZ) and a CJK font (the case report's evidence image draws
# Chinese names with the system fonts). It runs as an unprivileged user whose working
# directory /data (a volume in docker-compose.yml) holds the audit spool and load reports.
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin guanxi \
    && mkdir -p /data \
    && chown guanxi:guanxi /data
COPY --from=build /src/target/release/guanxi /usr/local/bin/guanxi
ENV TZ=Asia/Shanghai
USER guanxi
WORKDIR /data
EXPOSE 8080
# `guanxi health` asks the service's /readyz (Neo4j answers); the image has no curl.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["guanxi", "health", "--url", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT []
# Serves the API and the web page on every interface of the container (publish the port to
# choose who reaches it); scheduled scans run inside (GUANXI_SCAN_SCHEDULE, default 02:00).
CMD ["guanxi", "serve", "--addr", "0.0.0.0:8080"]
