// Preload for the benchmarks' peer: `node --import ./nodelay.mjs server.js`.
//
// The Neo4j JavaScript driver (neo4j-driver-bolt-connection, node-channel.js
// configureSocket) turns keep-alive on for its Bolt sockets and nothing else,
// so Nagle's algorithm stays on: a Bolt message written while the previous
// segment is still unacknowledged waits for the server's delayed ACK (~40 ms
// on Linux). The driver has no option for it (its config has no socket
// settings), so the peer's process sets TCP_NODELAY on every client socket it
// opens, as Node's own HTTP server and client already do for theirs, and as
// the Go driver gets from Go's net package by default. Nothing of the library
// or the driver is changed: the option is set on the socket before connect.
import net from "node:net";

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  this.setNoDelay(true);
  return connect.apply(this, args);
};
if (process.env.PEER_NODELAY_LOG === "1") console.log("peer: TCP_NODELAY on every client socket (nodelay.mjs)");
