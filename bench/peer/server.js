// The benchmarks' peer: the Neo4j GraphQL Library (@neo4j/graphql 7.x) behind
// graphql-yoga, over the same Neo4j and data as the eventgraph service.
//
// Environment: NEO4J_URI (bolt://127.0.0.1:7687), NEO4J_USER (neo4j),
// NEO4J_PASSWORD (eventgraph), NEO4J_DATABASE (neo4j), PORT (18095),
// HOST (127.0.0.1).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const env = (k, d) => process.env[k] ?? d;
const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");

const driver = neo4j.driver(
  env("NEO4J_URI", "bolt://127.0.0.1:7687"),
  neo4j.auth.basic(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD", "eventgraph")),
  // The same pool size as the Go driver's default, so neither side queues
  // on connections at concurrency 32.
  { maxConnectionPoolSize: 100 },
);
const database = env("NEO4J_DATABASE", "neo4j");

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();

const yoga = createYoga({
  schema,
  graphqlEndpoint: "/graphql",
  graphiql: false,
  landingPage: false,
  logging: "error",
  // The library reads the database name from the context.
  context: () => ({ sessionConfig: { database } }),
});

const port = Number(env("PORT", "18095"));
const host = env("HOST", "127.0.0.1");
const server = createServer(yoga);
server.keepAliveTimeout = 90_000;
server.listen(port, host, () => {
  console.log(`peer: @neo4j/graphql on http://${host}:${port}/graphql (pid ${process.pid})`);
});

const stop = async () => {
  server.close();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
