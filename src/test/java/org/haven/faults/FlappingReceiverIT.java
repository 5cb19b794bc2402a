package org.haven.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.haven.crypto.SigningKeyPair;
import org.haven.referral.receiver.AcceptedReferral;
import org.haven.referral.receiver.ReferenceReceiver;
import org.haven.testing.OutboxFixtures;
import org.haven.testing.ProdJar;
import org.junit.jupiter.api.Test;

/**
 * 1,000 referrals delivered by the production jar to a police receiver that flaps through every way a force
 * can fail — 500s, refused connections, answers slower than Haven waits, and answers lost after the referral was
 * stored — in repeating rounds while delivery runs. Every referral arrives, the force stores none twice, and
 * Haven's outbox ends empty with every referral delivered.
 */
class FlappingReceiverIT {

    private static final Path WORK = Path.of("target", "faults-it", "flapping").toAbsolutePath();
    private static final int REFERRALS = 1000;
    private static final Duration LIMIT = Duration.ofMinutes(4);

    @Test
    void everyReferralArrivesOnceThroughAFlappingReceiver() throws Exception {
        Files.createDirectories(WORK);
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(WORK.resolve("postgres.log").toFile());
        SigningKeyPair signing = SigningKeyPair.generate();
        Path receiverDir = Files.createDirectories(WORK.resolve("receiver-" + System.currentTimeMillis()));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(true).setOutputRedirector(pgLog).setErrorRedirector(pgLog).start();
                Connection db = postgres.getPostgresDatabase().getConnection();
                ReferenceReceiver receiver = new ReferenceReceiver(receiverDir, signing.publicKey()).start(0)) {
            Path log = WORK.resolve("haven.log");
            long start = System.nanoTime();
            Process haven = ProdJar.start(postgres.getPort(), ProdJar.freePort(), Map.of(
                    "HAVEN_REFERRAL_SIGNING_KEY", signing.seedBase64Url(),
                    // Retries in seconds, not minutes; a request timeout shorter than the slow answers below.
                    "HAVEN_REFERRAL_FIRST_RETRY", "PT0.2S", "HAVEN_REFERRAL_MAX_RETRY", "PT2S",
                    "HAVEN_REFERRAL_REQUEST_TIMEOUT", "PT1S", "HAVEN_REFERRAL_LEASE", "PT10S"),
                    List.of("-Xmx384m"), log);
            try {
                ProdJar.waitReady(haven, "http://localhost", start, log);
                OutboxFixtures fixtures = OutboxFixtures.create(db, receiver);
                fixtures.queue(db, REFERRALS, "flapping");
                execute(db, "update referral_outbox set next_attempt_at = now()");

                long deadline = System.nanoTime() + LIMIT.toNanos();
                int rounds = 0;
                long seed = System.nanoTime();
                Random random = new Random(seed);
                long delivered;
                while ((delivered = count(db, "select count(*) from referral where state = 'delivered'")) < REFERRALS) {
                    if (System.nanoTime() >= deadline) {
                        fail("only " + count(db, "select count(*) from referral where state = 'delivered'") + " of "
                                + REFERRALS + " delivered in " + LIMIT + " (fault seed " + seed + "); still waiting:\n"
                                + undelivered(db)
                                + "Haven's warnings:\n" + warnings(log));
                    }
                    flap(receiver, rounds++, (int) (REFERRALS - delivered), random);
                }
                receiver.faults().clear();

                List<AcceptedReferral> accepted = receiver.accepted();
                Map<String, Long> perKey = accepted.stream()
                        .collect(Collectors.groupingBy(AcceptedReferral::idempotencyKey, Collectors.counting()));
                assertEquals(REFERRALS, perKey.size(), "every referral reached the force");
                assertEquals(REFERRALS, accepted.size(), "the force stored some referral twice");
                try (var files = Files.list(receiverDir)) {
                    assertEquals(REFERRALS, files.filter(f -> f.getFileName().toString().startsWith("CRN-")).count(),
                            "one file per referral at the force");
                }
                assertEquals(0, count(db, "select count(*) from referral_outbox"), "outbox rows left behind");
                // A force having a bad day is recorded on each referral, not shouted in the operator's log.
                try (var lines = Files.lines(log)) {
                    List<String> errors = lines.filter(l -> l.contains(" ERROR ")).limit(5).toList();
                    assertEquals(List.of(), errors, "Haven logged errors for a force's failures");
                }
                System.out.printf("FlappingReceiverIT: %d referrals delivered through %d fault rounds with %d requests "
                        + "in %.1f s%n", REFERRALS, rounds, receiver.requestCount(), (System.nanoTime() - start) / 1e9);
            } finally {
                haven.destroy();
                haven.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * One round of a bad day; the kind of fault turns with the round. Failed and lost answers come in bursts of a
     * quarter of the referrals still waiting (at most 40): a fixed burst would outnumber the last few referrals'
     * retries, so every one of their attempts would meet a fault. Outages and pauses last a random 0.3 to 1.3 s:
     * with fixed lengths the five rounds took exactly 4 s, Haven's worker ticks every second and retries every
     * 2 s at the longest, so the last referral's attempts locked onto the outages and it never got through.
     */
    private static void flap(ReferenceReceiver receiver, int round, int waiting, Random random)
            throws InterruptedException {
        int burst = Math.max(1, Math.min(40, waiting / 4));
        switch (round % 5) {
            case 0 -> receiver.faults().failNext(burst, 500);
            case 1 -> {
                receiver.faults().refuseConnections();
                Thread.sleep(300 + random.nextInt(1000));
                receiver.faults().acceptConnections();
            }
            case 2 -> {
                receiver.faults().delayAnswers(Duration.ofMillis(1500)); // longer than Haven's 1 s timeout
                Thread.sleep(300 + random.nextInt(1000));
                receiver.faults().delayAnswers(Duration.ZERO);
            }
            case 3 -> receiver.faults().loseNextAnswers(burst, 502);
            default -> { } // a calm moment
        }
        Thread.sleep(300 + random.nextInt(1000));
    }

    /** The referrals not delivered, with their outbox rows, so a failure says where they stopped. */
    private static String undelivered(Connection db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("""
                select r.id, r.state, r.last_error, o.attempts, o.next_attempt_at, o.lease_until, now()
                  from referral r left join referral_outbox o on o.referral_id = r.id
                 where r.state <> 'delivered' limit 20""")) {
            while (r.next()) {
                out.append(String.format("  %s state=%s error=%s attempts=%s next=%s lease=%s now=%s%n", r.getString(1),
                        r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7)));
            }
        }
        return out.toString();
    }

    private static String warnings(Path log) throws Exception {
        try (var lines = Files.lines(log)) {
            List<String> bad = lines.filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
            return String.join("\n", bad.subList(Math.max(0, bad.size() - 30), bad.size()));
        }
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
