# syntax=docker/dockerfile:1
#
# The service as a container: a static Go binary on distroless (no shell, no
# package manager; runs as nonroot). The explorer UI is embedded from the
# committed ui/dist, so the build needs no Node.js.
#
#   docker build -t eventgraph .
#   docker compose up            # with Neo4j, see docker-compose.yml

FROM golang:1.26 AS build
WORKDIR /src
# Dependencies first, so editing code does not re-download modules.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/eventgraph ./cmd/eventgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/eventgraph /eventgraph
# Listen on every interface inside the container; publish the port to choose
# who can reach it.
ENV ADDR=0.0.0.0:8080 \
    LOG_FORMAT=json
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["/eventgraph", "healthcheck"]
ENTRYPOINT ["/eventgraph"]
