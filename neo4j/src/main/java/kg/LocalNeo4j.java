package kg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community as an embedded DBMS with Bolt on loopback, so that the
 * project needs neither Docker nor a downloaded server tarball: Maven Central
 * serves these jars. Configuration comes from environment variables set by
 * scripts/neo4j; the process runs until it is sent SIGTERM.
 */
public final class LocalNeo4j {
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path home = Path.of(env.getOrDefault("NEO4J_HOME_DIR", ".neo4j")).toAbsolutePath();
        Path plugins = Path.of(env.getOrDefault("NEO4J_PLUGINS_DIR", home.resolve("plugins").toString())).toAbsolutePath();
        String host = env.getOrDefault("NEO4J_HOST", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault("NEO4J_BOLT_PORT", "7687"));
        String password = env.getOrDefault("NEO4J_PASSWORD", "");
        String pagecache = env.getOrDefault("NEO4J_PAGECACHE", "256m");
        // Neo4j's own guard against one query taking the heap: a query that
        // would allocate past these limits fails with a memory-limit error
        // and the DBMS stays up (with -XX:+ExitOnOutOfMemoryError, a real
        // OutOfMemoryError ends the process). The defaults scale with the
        // heap this JVM was given: all transactions together may hold 60 %
        // of it, leaving the rest for what Neo4j does not track per query
        // (plan and Lucene caches, Bolt buffers, the kernel's own state);
        // one transaction may hold 25 %, so that two of the largest fit at
        // once with room for the ordinary ones. With the default 1g heap that
        // is 614m in all and 256m per transaction, far above what the
        // service's largest batch (5,000 items) needs.
        long heap = Runtime.getRuntime().maxMemory();
        long txTotal = memory(env, "NEO4J_TX_MEMORY_TOTAL", heap * 60 / 100);
        long txMax = memory(env, "NEO4J_TX_MEMORY_MAX", heap / 4);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pagecache))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txTotal)
                .setConfig(GraphDatabaseSettings.memory_transaction_database_max_size, txTotal)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, java.util.List.of("apoc.*"))
                .setConfig(GraphDatabaseSettings.auth_enabled, !password.isEmpty())
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();

        if (!password.isEmpty()) {
            // Embedded transactions run without auth, so the initial user's
            // password can be set here instead of through neo4j-admin.
            try {
                dbms.database("system").executeTransactionally(
                        "ALTER USER neo4j IF EXISTS SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                        Map.of("pw", password));
            } catch (RuntimeException e) {
                // A restart on existing data: the password is already this one.
                if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                    throw e;
                }
            }
        }

        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
        System.out.println("neo4j ready on bolt://" + host + ":" + port
                + " (transaction memory: " + ByteUnit.bytesToString(txTotal) + " in all, "
                + ByteUnit.bytesToString(txMax) + " per transaction)");
        Thread.currentThread().join();
    }

    /** A size from the environment (512m, 1g), or the default in bytes. */
    private static long memory(Map<String, String> env, String name, long dflt) {
        String v = env.get(name);
        return v == null || v.isBlank() ? dflt : ByteUnit.parse(v.trim());
    }
}
