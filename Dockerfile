# The guanxi binary in a small image. It talks to Neo4j over Bolt (NEO4J_URI); the local
# Java launcher is not included: in Docker, Neo4j runs as its own container (docker-compose.yml).
# The web page and its JavaScript libraries are embedded in the binary (build.rs); the image
# needs neither Node.js nor any file beside the binary to serve them.

# The page's libraries (cytoscape.js, ECharts) from npm with the lockfile; no dev dependencies
# (playwright-core is for the browser tests only), no install scripts.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY cypher ./cypher
COPY loaders ./loaders
# Only the page's own files (a web/node_modules of the build context is left out), then the
# libraries installed above: build.rs finds them and embeds them without running npm.
COPY web/index.html web/package.json web/package-lock.json ./web/
COPY web/assets ./web/assets
COPY --from=web /src/web/node_modules ./web/node_modules
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/guanxi /usr/local/bin/guanxi
USER nobody
ENTRYPOINT []
CMD ["guanxi", "--help"]
