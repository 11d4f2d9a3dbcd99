package guanxi.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

import static org.neo4j.configuration.GraphDatabaseSettings.DEFAULT_DATABASE_NAME;

/**
 * Runs a Neo4j Community DBMS with a Bolt connector until the process is told to stop.
 *
 * <p>Configuration comes from the environment so that no secret ever shows up in a process
 * listing: {@code GUANXI_NEO4J_HOME} (data, logs), {@code GUANXI_NEO4J_LISTEN}
 * (host:port for Bolt), {@code GUANXI_NEO4J_PAGECACHE} (e.g. 256m) and
 * {@code GUANXI_NEO4J_PASSWORD} (password of the built-in {@code neo4j} user; empty disables
 * authentication). The guanxi CLI ({@code guanxi db start}) sets them.
 *
 * <p>SIGTERM (what {@code guanxi db stop} sends) runs the shutdown hook, which closes the
 * databases cleanly so that the store is never left needing recovery.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(env("GUANXI_NEO4J_HOME", ".guanxi/neo4j")).toAbsolutePath();
        String listen = env("GUANXI_NEO4J_LISTEN", "127.0.0.1:7687");
        String pageCache = env("GUANXI_NEO4J_PAGECACHE", "256m");
        String password = env("GUANXI_NEO4J_PASSWORD", "");
        String txTimeout = env("GUANXI_NEO4J_TX_TIMEOUT", "10m");
        Files.createDirectories(home);

        Map<String, String> config = new HashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", listen);
        config.put("server.bolt.advertised_address", listen);
        config.put("server.bolt.tls_level", "DISABLED");
        config.put("server.memory.pagecache.size", pageCache);
        config.put("dbms.security.auth_enabled", password.isEmpty() ? "false" : "true");
        // LOAD CSV reads file:/// URLs from here (used by the loader benchmark's baseline).
        config.put("server.directories.import", home.resolve("import").toString());
        // Keep transaction logs small: this is a working copy, not a system of record.
        config.put("db.tx_log.rotation.retention_policy", "2 files");
        config.put("db.tx_log.rotation.size", "64M");
        // Every transaction ends by this bound (a client's tx_timeout, shorter, wins); the
        // monitor looks five times a second so that a timed-out query stops soon after its bound.
        config.put("db.transaction.timeout", txTimeout);
        config.put("db.transaction.monitor.check.interval", "200ms");

        log("starting Neo4j in " + home + " (bolt " + listen + ", page cache " + pageCache + ")");
        // The embedded builder takes raw settings only from a properties file: write the
        // effective configuration where a user can read it.
        Path conf = home.resolve("neo4j.conf");
        StringBuilder text = new StringBuilder("# Written by the guanxi launcher on every start; edits are overwritten.\n");
        new TreeMap<>(config).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(conf, text.toString());
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("stopping Neo4j");
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
                log("stopped");
            }
        }, "guanxi-neo4j-shutdown"));

        if (!password.isEmpty()) {
            setPassword(dbms, password);
        }
        registerProcedures(dbms);
        log("ready: bolt://" + listen);
        stopped.await();
    }

    /** Registers guanxi's diagnostic procedures (see {@link ExplainProcedure}). */
    private static void registerProcedures(DatabaseManagementService dbms) {
        try {
            GraphDatabaseAPI api = (GraphDatabaseAPI) dbms.database(DEFAULT_DATABASE_NAME);
            api.getDependencyResolver()
                    .resolveDependency(GlobalProcedures.class)
                    .registerProcedure(ExplainProcedure.class);
        } catch (Exception e) {
            log("could not register guanxi.explain: " + e);
        }
    }

    /** Sets the password of the built-in user, so no interactive first-login change is needed. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database("system");
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Setting the password it already has is refused; that is the normal case on restart.
            String message = String.valueOf(e.getMessage());
            if (!message.contains("cannot be the same")) {
                log("could not set the neo4j password: " + message);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void log(String message) {
        System.out.println("[guanxi-neo4j] " + message);
        System.out.flush();
    }
}
