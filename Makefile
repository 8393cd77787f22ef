# The two commands a newcomer needs:
#   make run   - fetch and start Neo4j, migrate, seed an empty database, serve on :8080
#   make test  - everything CI checks, against a real Neo4j the scripts start
.PHONY: run test build generate ui bench bench-feeds neo4j-start neo4j-stop neo4j-status lint

run:
	scripts/run.sh

test:
	scripts/test.sh

build:
	go build -o bin/eventgraph ./cmd/eventgraph
	go build -o bin/kg ./cmd/kg

generate:
	go run github.com/99designs/gqlgen generate

ui:
	ui/build.sh

# bench: the read mix and ingestion against the peer (bench/run.sh), then
# kg on real-shaped GDELT exports (bench/feeds.sh), then kg against its
# UNWIND floor on GDELT and ACLED files (bench/ingest-floor.sh); each starts
# its own Neo4j.
bench:
	bench/run.sh
	bench/feeds.sh
	bench/ingest-floor.sh

bench-feeds:
	bench/feeds.sh

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	go vet ./...

neo4j-start:
	scripts/neo4j start

neo4j-stop:
	scripts/neo4j stop

neo4j-status:
	scripts/neo4j status
