package org.haven.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.haven.crypto.SigningKeyPair;
import org.haven.referral.receiver.ReferenceReceiver;
import org.haven.testing.OutboxFixtures;
import org.haven.testing.ProdJar;

/**
 * The outbox benchmark: Haven's production jar delivers a backlog of referrals to the reference receiver
 * running in this JVM, both on this machine. Measures (1) the drain rate of a large backlog with the force up,
 * and (2) after an outage of {@code bench.outageSeconds} during which 1,000 referrals wait and retry, the time
 * from the force coming back to the last one delivered. Not a test; bench/referral.sh runs it.
 */
public final class OutboxBench {

    private static final int DRAIN = Integer.getInteger("bench.drain", 5000);
    private static final int BACKLOG = Integer.getInteger("bench.backlog", 1000);
    private static final int OUTAGE_SECONDS = Integer.getInteger("bench.outageSeconds", 600);
    private static final int PG_PORT = Integer.getInteger("bench.pgPort", 54397);
    private static final int HTTP_PORT = Integer.getInteger("bench.httpPort", 18081);
    private static final Path WORK = Path.of("target", "bench-referral").toAbsolutePath();

    public static void main(String[] args) throws Exception {
        Files.createDirectories(WORK);
        System.out.println("# Haven outbox benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        System.out.printf(Locale.ROOT, "machine: %d cores; Java %s; load average at start %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Stats.loadAverage());
        SigningKeyPair havenKey = SigningKeyPair.generate();
        Path receiverDir = WORK.resolve("receiver-" + System.currentTimeMillis());
        Files.createDirectories(receiverDir);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(PG_PORT)
                .setDataDirectory(WORK.resolve("postgres")).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200").start();
                ReferenceReceiver receiver = new ReferenceReceiver(receiverDir, havenKey.publicKey()).start(0)) {
            Path log = WORK.resolve("haven.log");
            long start = System.nanoTime();
            // The receiver's plain-HTTP endpoint is written over JDBC (OutboxFixtures): prod refuses allow-plain-http.
            Process haven = ProdJar.start(PG_PORT, HTTP_PORT, Map.of(
                    "HAVEN_REFERRAL_SIGNING_KEY", havenKey.seedBase64Url()), List.of(), log);
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + PG_PORT + "/postgres",
                    "postgres", "postgres")) {
                ProdJar.waitReady(haven, "http://localhost:" + HTTP_PORT, start, log);
                OutboxFixtures fixtures = OutboxFixtures.create(db, receiver);

                System.out.printf(Locale.ROOT, "%n## Drain: %d referrals queued at once, force up%n", DRAIN);
                fixtures.queue(db, DRAIN, "drain");
                long self = ProcessHandle.current().pid();
                double havenCpu = Stats.cpuSeconds(haven.pid());
                double receiverCpu = Stats.cpuSeconds(self);
                long t0 = System.nanoTime();
                execute(db, "update referral_outbox set next_attempt_at = now() where next_attempt_at = 'infinity'");
                waitDelivered(db, DRAIN);
                double seconds = (System.nanoTime() - t0) / 1e9;
                havenCpu = Stats.cpuSeconds(haven.pid()) - havenCpu;
                receiverCpu = Stats.cpuSeconds(self) - receiverCpu;
                System.out.printf(Locale.ROOT, "CPU per referral: Haven %.2f ms, receiver (this JVM, incl. polling) %.2f ms; "
                        + "Haven alone on these %d cores would allow about %.0f referrals/s%n", havenCpu * 1000 / DRAIN,
                        receiverCpu * 1000 / DRAIN, Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors() / (havenCpu / DRAIN));
                System.out.printf(Locale.ROOT, "delivered %d in %.2f s: %.0f referrals/s (includes up to 1 s until the "
                        + "worker's next run); receiver accepted %d, requests %d; load %s; Haven RSS %s%n", DRAIN, seconds,
                        DRAIN / seconds, receiver.accepted().size(), receiver.requestCount(), Stats.loadAverage(),
                        Stats.vmRss(haven.pid()));

                System.out.printf(Locale.ROOT, "%n## Backlog: %d referrals through a %d s outage%n", BACKLOG, OUTAGE_SECONDS);
                receiver.faults().refuseConnections();
                fixtures.queue(db, BACKLOG, "backlog");
                execute(db, "update referral_outbox set next_attempt_at = now() where next_attempt_at = 'infinity'");
                Thread.sleep(OUTAGE_SECONDS * 1000L);
                System.out.println("attempts during the outage: " + attemptSpread(db));
                receiver.faults().acceptConnections();
                long back = System.nanoTime();
                waitDelivered(db, DRAIN + BACKLOG);
                System.out.printf(Locale.ROOT, "force back: all %d delivered %.2f s later; receiver accepted %d in all "
                        + "(%d requests); none twice: %s%n", BACKLOG, (System.nanoTime() - back) / 1e9,
                        receiver.accepted().size(), receiver.requestCount(),
                        receiver.accepted().size() == DRAIN + BACKLOG);
            } finally {
                haven.destroy();
                haven.waitFor();
            }
        }
        System.exit(0);
    }

    private static void waitDelivered(Connection db, long expected) throws Exception {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000;
        while (System.nanoTime() < deadline) {
            if (count(db, "select count(*) from referral where state = 'delivered'") >= expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not all delivered within 30 minutes");
    }

    private static String attemptSpread(Connection db) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select min(attempts), "
                + "percentile_disc(0.5) within group (order by attempts), max(attempts), "
                + "extract(epoch from max(next_attempt_at) - now()) from referral_outbox")) {
            r.next();
            return String.format(Locale.ROOT, "min %d, median %d, max %d per referral; the last retry was due %.0f s "
                    + "after the outage ended", r.getInt(1), r.getInt(2), r.getInt(3), r.getDouble(4));
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
