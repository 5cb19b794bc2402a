package org.haven.casework.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The audit log against the real PostgreSQL. The chain is global and other tests share it, so every
 * tampering test works on entries it appends itself and puts the rows back byte for byte in a finally block.
 */
@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog audit;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void appendingBuildsAVerifyingChain() throws Exception {
        UUID report = UUID.randomUUID();
        AuditEntry first = append("cw-chain", AuditAction.SIGN_IN, null);
        AuditEntry second = append("cw-chain", AuditAction.VIEW_REPORT, report);
        AuditEntry third = append("cw-chain", AuditAction.SIGN_OUT, null);

        assertEquals(first.seq + 1, second.seq);
        assertEquals(second.seq + 1, third.seq);
        assertArrayEquals(first.hash, second.prevHash);
        assertArrayEquals(second.hash, third.prevHash);

        List<AuditEntry> newest = await(() -> audit.page(0, 3));
        assertEquals(List.of(third.seq, second.seq, first.seq), newest.stream().map(e -> e.seq).toList());
        AuditEntry stored = newest.get(1);
        assertEquals("cw-chain", stored.actor);
        assertEquals("VIEW_REPORT", stored.action);
        assertEquals(report, stored.reportId);
        assertEquals(second.at, stored.at);
        assertArrayEquals(second.hash, stored.hash);

        ChainCheck check = verify();
        assertTrue(check.intact(), () -> "chain broken: " + check);
        assertEquals(maxSeq(), check.verified());
    }

    @Test
    void concurrentAppendsMakeAGaplessVerifyingChain() throws Exception {
        long before = maxSeq();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<AuditEntry>> appends = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String actor = "cw-concurrent-" + i;
                Callable<AuditEntry> task = () -> append(actor, AuditAction.VIEW_REPORT, UUID.randomUUID());
                appends.add(pool.submit(task));
            }
            Set<Long> seqs = new HashSet<>();
            for (Future<AuditEntry> append : appends) {
                seqs.add(append.get().seq);
            }
            assertEquals(LongStream.rangeClosed(before + 1, before + 50).boxed().collect(Collectors.toSet()), seqs);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 50, maxSeq());
        assertEquals(before + 50, count("select count(*) from audit_entry"));
        ChainCheck check = verify();
        assertTrue(check.intact(), () -> "chain broken: " + check);
        assertEquals(before + 50, check.verified());
    }

    @Test
    void anAppendCommitsOrRollsBackWithTheCallersTransaction() throws Exception {
        long before = maxSeq();
        // Two appends in one caller's transaction: consecutive, both committed together.
        List<AuditEntry> pair = await(() -> Panache.withTransaction(
                () -> audit.append("cw-tx", AuditAction.STATUS_CHANGE, UUID.randomUUID())
                        .chain(a -> audit.append("cw-tx", AuditAction.ASSIGN, a.reportId).map(b -> List.of(a, b)))));
        assertEquals(before + 1, pair.get(0).seq);
        assertEquals(before + 2, pair.get(1).seq);

        // The caller's work fails after the append: the entry goes with it and leaves no gap.
        assertThrows(IllegalStateException.class, () -> await(() -> Panache.withTransaction(
                () -> audit.append("cw-tx", AuditAction.DELETE_REPORT, UUID.randomUUID())
                        .chain(entry -> Uni.createFrom().<AuditEntry>failure(new IllegalStateException("caller failed"))))));
        assertEquals(before + 2, maxSeq());
        assertEquals(before + 3, append("cw-tx", AuditAction.SIGN_OUT, null).seq);
        assertTrue(verify().intact());
    }

    @Test
    void refusesAnEmptyActor() {
        assertThrows(IllegalArgumentException.class, () -> append(" ", AuditAction.SIGN_IN, null));
        assertThrows(IllegalArgumentException.class, () -> append("cw\nforged line", AuditAction.SIGN_IN, null));
    }

    @Test
    void pagesNewestFirstWithinLimits() throws Exception {
        append("cw-page", AuditAction.SIGN_IN, null);
        append("cw-page", AuditAction.SIGN_OUT, null);
        List<AuditEntry> first = await(() -> audit.page(0, 1));
        List<AuditEntry> second = await(() -> audit.page(1, 1));
        assertEquals(maxSeq(), first.get(0).seq);
        assertEquals(maxSeq() - 1, second.get(0).seq);
        assertThrows(IllegalArgumentException.class, () -> await(() -> audit.page(0, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> await(() -> audit.page(0, AuditLog.MAX_PAGE_SIZE + 1)));
        assertThrows(IllegalArgumentException.class, () -> await(() -> audit.page(-1, 10)));
    }

    @Test
    void verifyingInSmallBatchesGivesTheSameAnswer() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("cw-batch", AuditAction.VIEW_REPORT, UUID.randomUUID());
        }
        ChainCheck whole = verify();
        ChainCheck batched = await(() -> audit.verifyInBatchesOf(3));
        assertEquals(whole, batched);
        assertTrue(batched.intact());
    }

    @Test
    void tableHoldsNoContentColumns() throws Exception {
        Set<String> columns = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select column_name from information_schema.columns "
                        + "where table_schema = 'public' and table_name = 'audit_entry'")) {
            while (r.next()) {
                columns.add(r.getString(1));
            }
        }
        // detail (V8) is a structured code, never free text: a check constraint holds it to [a-z0-9:=,._-].
        assertEquals(Set.of("seq", "at", "actor", "action", "report_id", "prev_hash", "hash", "detail"), columns);
    }

    @Test
    void tableRefusesFreeTextAndSubSecondTimes() throws Exception {
        AuditEntry last = append("cw-constraints", AuditAction.NOTE, UUID.randomUUID());
        String insert = "insert into audit_entry (seq, at, actor, action, report_id, prev_hash, hash) "
                + "values (?, ?, ?, ?, null, ?, ?)";
        assertRefused(insert, last, OffsetDateTime.now().withNano(0), "cw", "the note said: meet me at the station");
        assertRefused(insert, last, OffsetDateTime.now().withNano(0), "x".repeat(129), "NOTE");
        assertRefused(insert, last, OffsetDateTime.now().withNano(500_000_000), "cw", "NOTE");
        assertEquals(last.seq, maxSeq());
    }

    @Test
    void detectsAnActorChangedBySql() throws Exception {
        tamper((first, c) -> update(c, "update audit_entry set actor = 'someone-else' where seq = ?", first + 1),
                first -> check -> assertBroken(check, first + 1, ChainCheck.Fault.ALTERED));
    }

    @Test
    void detectsAnActionChangedBySql() throws Exception {
        tamper((first, c) -> update(c, "update audit_entry set action = 'SIGN_IN' where seq = ?", first + 2),
                first -> check -> assertBroken(check, first + 2, ChainCheck.Fault.ALTERED));
    }

    @Test
    void detectsAReportIdChangedBySql() throws Exception {
        tamper((first, c) -> update(c, "update audit_entry set report_id = gen_random_uuid() where seq = ?", first + 1),
                first -> check -> assertBroken(check, first + 1, ChainCheck.Fault.ALTERED));
    }

    @Test
    void detectsADeletedMiddleRow() throws Exception {
        tamper((first, c) -> update(c, "delete from audit_entry where seq = ?", first + 1),
                first -> check -> assertBroken(check, first + 1, ChainCheck.Fault.MISSING));
    }

    @Test
    void detectsARowRehashedAfterAChange() throws Exception {
        tamper((first, c) -> {
            AuditEntry row = read(c, first + 1);
            row.actor = "someone-else";
            row.hash = AuditChain.hash(row);
            try (PreparedStatement s = c.prepareStatement("update audit_entry set actor = ?, hash = ? where seq = ?")) {
                s.setString(1, row.actor);
                s.setBytes(2, row.hash);
                s.setLong(3, row.seq);
                assertEquals(1, s.executeUpdate());
            }
        }, first -> check -> assertBroken(check, first + 2, ChainCheck.Fault.UNLINKED));
    }

    @Test
    void detectsTwoRowsWithSwappedSeqs() throws Exception {
        tamper((first, c) -> {
            long a = first + 1;
            long b = first + 2;
            long parked = Long.MAX_VALUE; // the primary key allows no duplicate even for a moment
            try (PreparedStatement s = c.prepareStatement("update audit_entry set seq = ? where seq = ?")) {
                for (long[] move : new long[][] {{parked, a}, {a, b}, {b, parked}}) {
                    s.setLong(1, move[0]);
                    s.setLong(2, move[1]);
                    assertEquals(1, s.executeUpdate());
                }
            }
        }, first -> check -> assertBroken(check, first + 1, ChainCheck.Fault.UNLINKED));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private interface Tampering {
        void apply(long firstSeq, Connection connection) throws SQLException;
    }

    /**
     * Appends four fresh entries, tampers with them in one committed transaction, checks what verify says,
     * then restores the rows exactly as they were and checks the chain is whole again.
     */
    private void tamper(Tampering tampering, LongFunction<Consumer<ChainCheck>> expect)
            throws Exception {
        AuditEntry first = append("cw-tamper", AuditAction.SIGN_IN, null);
        append("cw-tamper", AuditAction.VIEW_REPORT, UUID.randomUUID());
        append("cw-tamper", AuditAction.MESSAGE, UUID.randomUUID());
        append("cw-tamper", AuditAction.SIGN_OUT, null);
        assertTrue(verify().intact(), "intact before tampering");
        List<AuditEntry> original = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (long seq = first.seq; seq < first.seq + 4; seq++) {
                original.add(read(c, seq));
            }
        }
        try {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                tampering.apply(first.seq, c);
                c.commit();
            }
            expect.apply(first.seq).accept(verify());
        } finally {
            restore(first.seq, original);
        }
        ChainCheck restored = verify();
        assertTrue(restored.intact(), () -> "restored chain: " + restored);
    }

    private void restore(long firstSeq, List<AuditEntry> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from audit_entry where seq >= ?")) {
                delete.setLong(1, firstSeq);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("insert into audit_entry "
                    + "(seq, at, actor, action, report_id, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEntry row : rows) {
                    insert.setLong(1, row.seq);
                    insert.setObject(2, row.at.atOffset(ZoneOffset.UTC));
                    insert.setString(3, row.actor);
                    insert.setString(4, row.action);
                    insert.setObject(5, row.reportId);
                    insert.setBytes(6, row.prevHash);
                    insert.setBytes(7, row.hash);
                    insert.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private static AuditEntry read(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select seq, at, actor, action, report_id, prev_hash, hash from audit_entry where seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "entry " + seq);
                AuditEntry entry = new AuditEntry();
                entry.seq = r.getLong("seq");
                entry.at = r.getObject("at", OffsetDateTime.class).toInstant();
                entry.actor = r.getString("actor");
                entry.action = r.getString("action");
                entry.reportId = r.getObject("report_id", UUID.class);
                entry.prevHash = r.getBytes("prev_hash");
                entry.hash = r.getBytes("hash");
                return entry;
            }
        }
    }

    private static void update(Connection c, String sql, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, seq);
            assertEquals(1, s.executeUpdate());
        }
    }

    private void assertRefused(String insert, AuditEntry last, OffsetDateTime at, String actor, String action)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(insert)) {
            s.setLong(1, last.seq + 1);
            s.setObject(2, at);
            s.setString(3, actor);
            s.setString(4, action);
            s.setBytes(5, last.hash);
            s.setBytes(6, new byte[32]);
            assertThrows(SQLException.class, s::executeUpdate);
        }
    }

    private static void assertBroken(ChainCheck check, long seq, ChainCheck.Fault fault) {
        assertFalse(check.intact(), "tampering detected");
        assertEquals(seq, check.firstBrokenSeq());
        assertEquals(fault, check.fault());
        assertEquals(seq - 1, check.verified());
    }

    private AuditEntry append(String actor, AuditAction action, UUID report) throws Exception {
        return await(() -> audit.append(actor, action, report));
    }

    private ChainCheck verify() throws Exception {
        return await(() -> audit.verify());
    }

    /** Runs a reactive call on a Vert.x context, as a request would, and rethrows what it fails with. */
    private static <T> T await(Supplier<Uni<T>> call) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private long maxSeq() throws SQLException {
        return count("select coalesce(max(seq), 0) from audit_entry");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
