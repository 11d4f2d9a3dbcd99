# The guanxi binary in a small image. It talks to Neo4j over Bolt (NEO4J_URI); the local
# Java launcher is not included: in Docker, Neo4j runs as its own container (docker-compose.yml).
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY cypher ./cypher
COPY loaders ./loaders
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/guanxi /usr/local/bin/guanxi
USER nobody
ENTRYPOINT []
CMD ["guanxi", "--help"]
