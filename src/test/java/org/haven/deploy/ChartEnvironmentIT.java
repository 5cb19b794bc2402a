package org.haven.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.haven.crypto.SigningKeyPair;
import org.haven.testing.ProdJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production jar started with exactly the environment the chart gives a pod (its ConfigMap, and its
 * secretKeyRefs resolved as the kubelet would), against a PostgreSQL that only speaks TLS with a certificate of
 * its own CA: Haven connects with verify-full, serves health on the management port and nowhere else, and sends
 * Onion-Location. With another CA it refuses the database. Only the ports and the CA's mount folder are moved.
 */
class ChartEnvironmentIT {

    private static final Path WORK = Path.of("target", "chart-it").toAbsolutePath();
    private static final String PASSWORD = "chart-it-database-password";
    private static EmbeddedPostgres postgres;
    private static TlsFiles serverTls;

    @BeforeAll
    static void startPostgresWithTls() throws Exception {
        Files.createDirectories(WORK);
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(WORK.resolve("postgres.log").toFile());
        Path data = WORK.resolve("postgres");
        postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                .setOutputRedirector(pgLog).setErrorRedirector(pgLog).start();
        serverTls = TlsFiles.selfSigned(WORK.resolve("server-ca"), "server");
        // PostgreSQL reads server.crt and server.key from its data folder; the key must belong to its user, 0600.
        for (Path source : List.of(serverTls.certificate(), serverTls.privateKey())) {
            Path target = data.resolve(source.getFileName().toString().endsWith(".key") ? "server.key" : "server.crt");
            Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setOwner(target, Files.getOwner(data));
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        }
        try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
            sql.execute("alter system set ssl = on");
            sql.execute("select pg_reload_conf()");
            sql.execute("create role haven login password '" + PASSWORD + "'");
            sql.execute("create database haven owner haven");
        }
        // Only TLS from now on: a plaintext attempt by any client is rejected by pg_hba.
        Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, String.join("\n", "local all all trust",
                "hostssl all postgres 127.0.0.1/32 trust", "hostssl all haven 127.0.0.1/32 scram-sha-256",
                "hostnossl all all 127.0.0.1/32 reject", "hostnossl all all ::1/128 reject", ""));
        try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
            sql.execute("select pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void startsWithTheChartsEnvironmentOverVerifiedTls() throws Exception {
        Chart.Rendered chart = renderFor(serverTls);
        Map<String, String> env = podEnvironment(chart, serverTls);
        Path log = WORK.resolve("haven.log");
        long start = System.nanoTime();
        Process haven = ProdJar.start(postgres.getPort(), ProdJar.freePort(), env, List.of(), log);
        try {
            String base = "http://localhost:" + env.get("QUARKUS_HTTP_PORT");
            ProdJar.waitReady(haven, base, start, log);
            String management = "http://localhost:" + ProdJar.managementPort(haven);
            for (String probe : List.of("/q/health/started", "/q/health/ready", "/q/health/live")) {
                assertEquals(200, get(management + probe).statusCode(), probe + " on the management port");
            }
            assertEquals(404, get(base + "/q/health/ready").statusCode(), "no health on the port the Ingress exposes");
            HttpResponse<String> landing = get(base + "/en/");
            assertEquals(200, landing.statusCode());
            assertTrue(landing.body().contains("Example Migrant Rights Network"), "the organisation from values");
            assertEquals("http://havenexamplexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxd.onion/en/",
                    landing.headers().firstValue("Onion-Location").orElse(""));
            try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement();
                    ResultSet rows = sql.executeQuery("select count(*), count(*) filter (where s.ssl) from "
                            + "pg_stat_activity a join pg_stat_ssl s using (pid) where a.usename = 'haven'")) {
                assertTrue(rows.next());
                assertTrue(rows.getInt(1) > 0, "Haven holds connections");
                assertEquals(rows.getInt(1), rows.getInt(2), "every connection of Haven's is TLS");
            }
        } finally {
            haven.destroy();
            haven.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesADatabaseWhoseCertificateItsCaDidNotSign() throws Exception {
        TlsFiles otherCa = TlsFiles.selfSigned(WORK.resolve("other-ca"), "other");
        Map<String, String> env = podEnvironment(renderFor(otherCa), otherCa);
        Path log = WORK.resolve("haven-other-ca.log");
        Process haven = ProdJar.start(postgres.getPort(), ProdJar.freePort(), env, List.of(), log);
        try {
            assertTrue(haven.waitFor(90, TimeUnit.SECONDS), "Haven must stop, not run without its database");
            assertNotEquals(0, haven.exitValue());
            String output = Files.readString(log);
            assertTrue(output.toLowerCase(java.util.Locale.ROOT).contains("certificate")
                    || output.contains("PKIX"), "the log says why: " + ProdJar.tail(log, 30));
        } finally {
            haven.destroyForcibly();
        }
    }

    private static Chart.Rendered renderFor(TlsFiles ca) throws Exception {
        return Chart.render(List.of(Chart.example("external"), Chart.example("onion")), Map.of(
                "database.external.host", "localhost",
                "database.external.port", postgres.getPort(),
                "database.external.name", "haven",
                "database.tls.mode", "verify-full",
                "database.tls.caSecret", "haven-db-ca-" + ca.certificate().getFileName().toString().replace(".crt", "")));
    }

    /**
     * The pod's environment: ConfigMap entries, then env with each secretKeyRef resolved from the Secrets this
     * test plays, the CA's mount folder moved to where the test wrote the certificate, and free ports.
     */
    private static Map<String, String> podEnvironment(Chart.Rendered chart, TlsFiles ca) throws Exception {
        Container container = chart.one(Deployment.class, "haven").getSpec().getTemplate().getSpec().getContainers().get(0);
        String mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals("database-ca"))
                .map(VolumeMount::getMountPath).findFirst().orElseThrow();
        Path caDir = Files.createDirectories(WORK.resolve("mounted-" + ca.certificate().getFileName()));
        Files.copy(ca.certificate(), caDir.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> secrets = Map.of(
                "haven-db/username", "haven", "haven-db/password", PASSWORD,
                "haven-keys/receipt-token-key", ProdJar.newReceiptTokenKey(),
                "haven-keys/referral-signing-key", SigningKeyPair.generate().seedBase64Url());
        Map<String, String> env = new HashMap<>();
        chart.configData("haven").forEach((name, value) -> env.put(name, value.replace(mount, caDir.toString())));
        for (EnvVar var : container.getEnv()) {
            var ref = var.getValueFrom().getSecretKeyRef();
            String value = secrets.get(ref.getName() + "/" + ref.getKey());
            assertFalse(value == null, "the test plays no Secret " + ref.getName() + "/" + ref.getKey());
            env.put(var.getName(), value);
        }
        assertEquals("false", env.get("HAVEN_DATABASE_ALLOW_PLAINTEXT"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ProdJar.freePort()));
        env.remove("QUARKUS_MANAGEMENT_PORT"); // ProdJar gives each instance a free one
        return env;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
