package accountmap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j Community database with the Bolt connector on 127.0.0.1.
 *
 * <p>Usage: {@code Neo4jLauncher --data DIR --port PORT [--password-env VAR]
 * [--pagecache-mb N]}. Without {@code --password-env} authentication is off (tests). With it,
 * authentication is on and user {@code neo4j} gets the password read from that environment
 * variable, so the secret never appears on a command line or in a log.
 *
 * <p>Prints one line {@code READY bolt://127.0.0.1:PORT} on stdout when Bolt accepts
 * connections; shuts the database down cleanly on SIGTERM/SIGINT.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Path data = null;
        int port = 7687;
        String passwordEnv = null;
        long pagecacheMb = 64;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--data" -> { data = Path.of(v); i++; }
                case "--port" -> { port = Integer.parseInt(v); i++; }
                case "--password-env" -> { passwordEnv = v; i++; }
                case "--pagecache-mb" -> { pagecacheMb = Long.parseLong(v); i++; }
                default -> {
                    System.err.println("unknown argument: " + a);
                    System.exit(2);
                }
            }
        }
        if (data == null) {
            System.err.println("--data DIR is required");
            System.exit(2);
        }
        String password = null;
        if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null || password.length() < 8) {
                System.err.println("environment variable " + passwordEnv
                        + " must hold a password of at least 8 characters");
                System.exit(2);
            }
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data.toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb))
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // Shutdown: the databases stop first; nothing is left for Bolt to wait for.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        if (password != null) {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                    java.util.Map.of("pw", password));
        }
        // Touch the default database so it is online before we announce readiness.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
