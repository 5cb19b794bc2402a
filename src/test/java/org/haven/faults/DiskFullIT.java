package org.haven.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.haven.crypto.Hpke;
import org.haven.testing.PreSealed;
import org.haven.testing.ProdJar;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A really full disk: the report table lives in a tablespace on an 8 MB tmpfs, filled up until PostgreSQL
 * itself answers "could not extend file: No space left on device" (53100). Submissions then fail cleanly — 503
 * with Retry-After, nothing half-stored — the reports already stored stay intact, and once space is freed the
 * same submissions succeed without restarting anything. Mounting needs root (CI runs as root); elsewhere the test
 * is skipped, saying why.
 */
class DiskFullIT {

    private static final Path WORK = Path.of("target", "faults-it", "disk-full").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFullDiskRefusesSubmissionsCleanlyAndLosesNothing() throws Exception {
        Files.createDirectories(WORK);
        Path small = Files.createTempDirectory("haven-disk-full-");
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", small.toString()) == 0,
                "mounting a small tmpfs needs root; CI runs as root");
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(WORK.resolve("postgres.log").toFile());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true).setOutputRedirector(pgLog).setErrorRedirector(pgLog).start();
                Connection db = postgres.getPostgresDatabase().getConnection()) {
            Path data = WORK.resolve("postgres");
            Files.setOwner(small, Files.getOwner(data)); // the tablespace must belong to PostgreSQL's own user
            Files.setPosixFilePermissions(small, PosixFilePermissions.fromString("rwx------"));
            Path log = WORK.resolve("haven.log");
            long start = System.nanoTime();
            int port = ProdJar.freePort();
            Process haven = ProdJar.start(postgres.getPort(), port, Map.of(), List.of("-Xmx384m"), log);
            try {
                ProdJar.waitReady(haven, "http://localhost:" + port, start, log);
                execute(db, "create tablespace small location '" + small + "'");
                execute(db, "alter table report set tablespace small");
                String kid = "org-disk-" + System.nanoTime();
                Hpke.KeyPair intake = Hpke.generateKeyPair();
                try (PreparedStatement s = db.prepareStatement("insert into intake_key (kid, public_key, created_at, "
                        + "active) values (?, ?, now(), true)")) {
                    s.setString(1, kid);
                    s.setBytes(2, intake.publicKey());
                    s.executeUpdate();
                }
                List<PreSealed.Submission> sent = PreSealed.seal(60, kid, intake.publicKey(), 4000).items();
                HttpClient client = HttpClient.newHttpClient();
                URI reports = URI.create("http://localhost:" + port + "/api/reports");
                for (PreSealed.Submission before : sent.subList(0, 20)) {
                    assertEquals(201, send(client, reports, before).statusCode());
                }

                fill(db);
                int refused = 0;
                for (PreSealed.Submission during : sent.subList(20, 60)) {
                    HttpResponse<String> answer = send(client, reports, during);
                    if (answer.statusCode() == 201) {
                        continue; // a row that still fitted in a page with room
                    }
                    assertEquals(503, answer.statusCode(), "a full disk is 'try again', not " + answer.body());
                    assertEquals("30", answer.headers().firstValue("Retry-After").orElse(""));
                    refused++;
                }
                assertTrue(refused >= 20, "the full disk refused only " + refused + " of 40 submissions");
                // Without JavaScript the server seals the report; the full disk gives the review page back, with
                // every answer and the same submission key, and says to try again.
                // Long enough (6,000 characters) that it cannot slip into space left on a half-used page.
                String account = ("Someone broke the window of my shop on Friday night. " + System.nanoTime() + " ")
                        .repeat(120).substring(0, 6000).strip();
                HttpResponse<String> noScript = sendForm(client, port, account);
                assertEquals(503, noScript.statusCode());
                assertTrue(noScript.body().contains("Your answers are still here. Please try again."), noScript.body());
                assertTrue(noScript.body().contains("value=\"" + account + "\""), "the account is kept in the page");
                assertTrue(noScript.body().contains("value=\"" + FORM_KEY + "\""), "the same submission key");
                assertTrue(Files.readString(log)
                        .contains("Database unavailable"), "Haven logged the outage as such");

                execute(db, "drop table filler"); // space freed
                HttpResponse<String> later = sendForm(client, port, account);
                assertEquals(200, later.statusCode());
                assertTrue(later.body().contains("data-receipt"), "a receipt once it is stored");
                for (PreSealed.Submission after : sent.subList(20, 60)) {
                    int code = send(client, reports, after).statusCode();
                    assertTrue(code == 201 || code == 200, "after freeing space, a resend answered " + code);
                }
                Map<String, String> stored = envelopes(db);
                assertEquals(61, stored.size(), "every report stored once");
                stored.remove(HexFormat.of().formatHex(sha256(FORM_KEY)));
                for (PreSealed.Submission submission : sent) {
                    assertEquals(JSON.readTree(submission.envelopeJson()),
                            JSON.readTree(stored.get(HexFormat.of().formatHex(submission.submissionKeyHash()))),
                            "a stored report is whole");
                }
                assertTrue(haven.isAlive(), "Haven kept running");
                System.out.printf("DiskFullIT: %d of 40 submissions refused with 503 on a full tablespace; all 60 "
                        + "stored whole after space was freed%n", refused);
            } finally {
                haven.destroy();
                haven.waitFor(30, TimeUnit.SECONDS);
                execute(db, "drop table if exists filler");
                execute(db, "alter table report set tablespace pg_default");
                execute(db, "drop tablespace if exists small");
            }
        } finally {
            run("umount", small.toString());
            Files.deleteIfExists(small);
        }
    }

    /** Fills the tablespace with incompressible rows until PostgreSQL says the disk is full. */
    private static void fill(Connection db) throws Exception {
        execute(db, "create table filler (b bytea) tablespace small");
        execute(db, "alter table filler alter column b set storage external");
        try (Statement s = db.createStatement()) {
            for (int i = 0; i < 100; i++) {
                s.executeUpdate("insert into filler select string_agg(decode(md5(random()::text), 'hex'), '') "
                        + "from generate_series(1, 16384)"); // 256 KiB of random bytes
            }
        } catch (SQLException full) {
            assertEquals("53100", full.getSQLState(), "the filler stopped for another reason: " + full.getMessage());
            return;
        }
        fail("8 MB took 25 MB without filling up");
    }

    private static HttpResponse<String> send(HttpClient client, URI reports, PreSealed.Submission submission)
            throws Exception {
        return client.send(HttpRequest.newBuilder(reports).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(submission.body())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final String FORM_KEY = "disk-full-form-submission-key-0001";

    private static HttpResponse<String> sendForm(HttpClient client, int port, String account) throws Exception {
        String form = "submission_key=" + FORM_KEY + "&crime_type=criminal-damage-arson&role=victim&consent=record&account="
                + java.net.URLEncoder.encode(account, java.nio.charset.StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/en/report/send"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] sha256(String text) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, String> envelopes(Connection db) throws Exception {
        Map<String, String> stored = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rows = s.executeQuery("select submission_key_hash, envelope from report")) {
            while (rows.next()) {
                stored.put(HexFormat.of().formatHex(rows.getBytes(1)), rows.getString(2));
            }
        }
        return stored;
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
