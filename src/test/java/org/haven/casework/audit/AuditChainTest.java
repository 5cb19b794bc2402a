package org.haven.casework.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every kind of tampering, on the pure chain check: no database, so nothing here can break a shared chain. */
class AuditChainTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30Z");
    private static final UUID REPORT = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    @Test
    void appendedEntriesFormAVerifyingChain() {
        List<AuditEntry> chain = chain(6);
        ChainCheck check = AuditChain.verify(chain);
        assertTrue(check.intact());
        assertEquals(6, check.verified());
        assertNull(check.firstBrokenSeq());
        assertEquals(HexFormat.of().formatHex(chain.get(5).hash), check.headHash());
        assertArrayEquals(new byte[32], chain.get(0).prevHash);
        assertArrayEquals(chain.get(2).hash, chain.get(3).prevHash);
    }

    @Test
    void anEmptyChainIsIntact() {
        ChainCheck check = AuditChain.verify(List.of());
        assertTrue(check.intact());
        assertEquals(0, check.verified());
        assertEquals("", check.headHash());
    }

    @Test
    void timesAreKeptToTheSecond() {
        AuditEntry entry = AuditChain.next(null, T0.plusMillis(999), "admin", AuditAction.SIGN_IN, null);
        assertEquals(T0, entry.at);
    }

    @Test
    void detectsAChangedActor() {
        List<AuditEntry> chain = chain(6);
        chain.get(2).actor = "someone-else";
        assertBroken(chain, 3, ChainCheck.Fault.ALTERED, 2);
    }

    @Test
    void detectsAChangedAction() {
        List<AuditEntry> chain = chain(6);
        chain.get(3).action = AuditAction.SIGN_IN.code();
        assertBroken(chain, 4, ChainCheck.Fault.ALTERED, 3);
    }

    @Test
    void detectsAChangedReportId() {
        List<AuditEntry> chain = chain(6);
        chain.get(1).reportId = UUID.randomUUID();
        chain.get(4).reportId = null;
        assertBroken(chain, 2, ChainCheck.Fault.ALTERED, 1);
    }

    @Test
    void detectsAnAddedReportId() {
        List<AuditEntry> chain = chain(6);
        assertNull(chain.get(0).reportId);
        chain.get(0).reportId = REPORT;
        assertBroken(chain, 1, ChainCheck.Fault.ALTERED, 0);
    }

    @Test
    void detectsAChangedTime() {
        List<AuditEntry> chain = chain(6);
        chain.get(5).at = chain.get(5).at.minusSeconds(3600);
        assertBroken(chain, 6, ChainCheck.Fault.ALTERED, 5);
    }

    @Test
    void detectsADeletedMiddleEntry() {
        List<AuditEntry> chain = chain(6);
        chain.remove(3);
        assertBroken(chain, 4, ChainCheck.Fault.MISSING, 3);
    }

    @Test
    void detectsADeletedFirstEntry() {
        List<AuditEntry> chain = chain(6);
        chain.remove(0);
        assertBroken(chain, 1, ChainCheck.Fault.MISSING, 0);
    }

    @Test
    void detectsAnEntryRehashedAfterAChange() {
        List<AuditEntry> chain = chain(6);
        AuditEntry changed = chain.get(2);
        changed.actor = "someone-else";
        changed.hash = AuditChain.hash(changed);
        // Entry 3 now checks out on its own; entry 4 still points at what entry 3 used to be.
        assertBroken(chain, 4, ChainCheck.Fault.UNLINKED, 3);
    }

    @Test
    void detectsTwoEntriesWithSwappedSeqs() {
        List<AuditEntry> chain = chain(6);
        chain.get(2).seq = 4;
        chain.get(3).seq = 3;
        chain.sort(Comparator.comparingLong(e -> e.seq)); // as the database would read them back
        assertBroken(chain, 3, ChainCheck.Fault.UNLINKED, 2);
    }

    @Test
    void detectsASwapWithRecomputedHashes() {
        List<AuditEntry> chain = chain(6);
        AuditEntry third = chain.get(2);
        AuditEntry fourth = chain.get(3);
        third.seq = 4;
        fourth.seq = 3;
        third.hash = AuditChain.hash(third);
        fourth.hash = AuditChain.hash(fourth);
        chain.sort(Comparator.comparingLong(e -> e.seq));
        assertBroken(chain, 3, ChainCheck.Fault.UNLINKED, 2);
    }

    @Test
    void detectsAnInsertedEntry() {
        List<AuditEntry> chain = chain(6);
        AuditEntry forged = AuditChain.next(chain.get(1), T0, "forger", AuditAction.EXPORT, null);
        chain.add(2, forged);
        // The forged entry links to entry 2, but the real entry 3 no longer has seq 3 + 1 = 4.
        assertBroken(chain, 4, ChainCheck.Fault.MISSING, 3);
    }

    @Test
    void detectsAFirstEntryThatDoesNotStartFromZeros() {
        List<AuditEntry> chain = chain(3);
        chain.get(0).prevHash = chain.get(2).hash.clone();
        assertBroken(chain, 1, ChainCheck.Fault.UNLINKED, 0);
    }

    @Test
    void detectsAnUnknownActionEvenInAFullyRecomputedChain() {
        AuditEntry first = AuditChain.next(null, T0, "admin", AuditAction.SIGN_IN, null);
        first.action = "SOMETHING_ELSE";
        first.hash = AuditChain.hash(first);
        assertBroken(new ArrayList<>(List.of(first)), 1, ChainCheck.Fault.UNKNOWN_ACTION, 0);
    }

    @Test
    void theReportIdIsPartOfTheHash() {
        AuditEntry without = AuditChain.next(null, T0, "cw-1", AuditAction.VIEW_REPORT, null);
        AuditEntry with = AuditChain.next(null, T0, "cw-1", AuditAction.VIEW_REPORT, REPORT);
        assertNotEquals(HexFormat.of().formatHex(without.hash), HexFormat.of().formatHex(with.hash));
    }

    /** The documented encoding, written out byte by byte, so that anyone can check the chain without this code. */
    @Test
    void hashFollowsTheDocumentedEncoding() throws Exception {
        AuditEntry entry = AuditChain.next(null, T0, "cw-1", AuditAction.VIEW_REPORT, REPORT);
        String encoding = ""
                + "0000000e" + hex("haven-audit-v1")
                + "00000008" + "0000000000000001"
                + "00000008" + String.format("%016x", T0.getEpochSecond())
                + "00000004" + hex("cw-1")
                + "0000000b" + hex("VIEW_REPORT")
                + "00000010" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
                + "00000020" + "00".repeat(32);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(encoding));
        assertArrayEquals(expected, entry.hash);

        AuditEntry next = AuditChain.next(entry, T0.plusSeconds(1), "cw-1", AuditAction.SIGN_OUT, null);
        String nextEncoding = ""
                + "0000000e" + hex("haven-audit-v1")
                + "00000008" + "0000000000000002"
                + "00000008" + String.format("%016x", T0.getEpochSecond() + 1)
                + "00000004" + hex("cw-1")
                + "00000008" + hex("SIGN_OUT")
                + "00000000"
                + "00000020" + HexFormat.of().formatHex(entry.hash);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(nextEncoding)), next.hash);
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static void assertBroken(List<AuditEntry> chain, long seq, ChainCheck.Fault fault, long verified) {
        ChainCheck check = AuditChain.verify(chain);
        assertFalse(check.intact());
        assertEquals(seq, check.firstBrokenSeq());
        assertEquals(fault, check.fault());
        assertEquals(verified, check.verified());
    }

    /** A chain of n entries, a mix of actions with and without a report. */
    private static List<AuditEntry> chain(int n) {
        AuditAction[] actions = {AuditAction.SIGN_IN, AuditAction.VIEW_REPORT, AuditAction.STATUS_CHANGE,
            AuditAction.MESSAGE, AuditAction.DELETE_REPORT, AuditAction.SIGN_OUT};
        List<AuditEntry> chain = new ArrayList<>();
        AuditEntry previous = null;
        for (int i = 0; i < n; i++) {
            AuditAction action = actions[i % actions.length];
            UUID report = action == AuditAction.SIGN_IN || action == AuditAction.SIGN_OUT ? null : UUID.randomUUID();
            previous = AuditChain.next(previous, T0.plusSeconds(i), "caseworker-" + (i % 2), action, report);
            chain.add(previous);
        }
        return chain;
    }
}
