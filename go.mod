module github.com/eventgraph/eventgraph

go 1.26.8
