package org.haven.web.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

/**
 * Starts one embedded PostgreSQL 17 per JVM (zonky; it drops root privileges itself, so this works as
 * root too). Dev data lives in {@code target/haven-dev/postgres} and survives restarts; test data lives
 * in {@code target/haven-test/postgres} and starts clean each run.
 *
 * <p>Dev mode reloads application classes in a new class loader, which forgets static fields; the port
 * is kept in a system property so a reload reuses the running server instead of starting a second.
 */
final class EmbeddedDatabase {

    enum Mode { DEV, TEST }

    private static final String PORT_PROPERTY = "embedded-postgres.port";

    /** The dev database port, documented in the README. */
    static final int DEV_PORT = 54329;

    private EmbeddedDatabase() {
    }

    static synchronized int ensureStarted(Mode mode) {
        String known = System.getProperty(PORT_PROPERTY);
        if (known != null && isListening(Integer.parseInt(known))) {
            return Integer.parseInt(known);
        }
        Path dataDirectory = Path.of("target", mode == Mode.DEV ? "haven-dev" : "haven-test", "postgres")
                .toAbsolutePath();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(mode == Mode.TEST)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", mode == Mode.TEST ? "off" : "on");
            if (mode == Mode.DEV) {
                // A fixed dev port lets tools (OpenReports, psql) find the dev database; tests take a free port.
                builder.setPort(DEV_PORT);
            }
            EmbeddedPostgres postgres = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // The JVM is going away; the server process stops with it.
                }
            }, "embedded-postgres-stop"));
            System.setProperty(PORT_PROPERTY, Integer.toString(postgres.getPort()));
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
