package org.haven.casework.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The audit chain's hash, and the check of a chain, as pure functions (no database), so that every kind of
 * tampering can be tested on lists of entries.
 *
 * <h2>Hash input (version 1)</h2>
 * {@code hash = SHA-256(field(TAG) || field(seq) || field(at) || field(actor) || field(action) || field(report_id) || field(prev_hash))}
 * where {@code field(b)} is the length of {@code b} in bytes as a 4-byte big-endian unsigned integer
 * followed by {@code b}, and:
 * <ul>
 *   <li>{@code TAG} = the ASCII bytes {@code haven-audit-v1} (separates this hash from any other SHA-256 use
 *       and lets a future encoding be told apart);</li>
 *   <li>{@code seq} = 8 bytes, signed big-endian;</li>
 *   <li>{@code at} = seconds since 1970-01-01T00:00:00Z, 8 bytes, signed big-endian (entries are stored
 *       truncated to the second, and the table refuses anything finer);</li>
 *   <li>{@code actor} = UTF-8 bytes;</li>
 *   <li>{@code action} = the code's UTF-8 (ASCII) bytes;</li>
 *   <li>{@code report_id} = 16 bytes (the UUID's most then least significant 64 bits, big-endian), or
 *       zero bytes (length 0) when there is none;</li>
 *   <li>{@code prev_hash} = the previous entry's 32-byte hash; 32 zero bytes for entry 1;</li>
 *   <li>then, only for an entry that has a {@code detail}, {@code field(detail)} with its UTF-8 bytes. Entries
 *       without one hash exactly as before the column existed, so older chains still verify.</li>
 * </ul>
 * Every field carries its length, so no two different entries share an encoding (an actor ending in
 * "SIGN_IN" cannot be confused with a shorter actor followed by that action).
 *
 * <h2>What the chain proves, and what it does not</h2>
 * A changed field, a deleted or inserted row, and reordered rows all break the chain at the first affected
 * entry. Someone who can write the table can still rewrite the chain from some point onwards and recompute
 * every later hash, or cut entries from the end; only a head hash recorded outside the database
 * ({@link ChainCheck#headHash()}) exposes that.
 */
public final class AuditChain {

    /** prev_hash of entry 1. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte[] TAG = "haven-audit-v1".getBytes(StandardCharsets.US_ASCII);

    private AuditChain() {
    }

    /** The entry that follows {@code previous} (null for the first entry), with its seq, prev_hash and hash set. */
    public static AuditEntry next(AuditEntry previous, Instant at, String actor, AuditAction action, UUID reportId) {
        return next(previous, at, actor, action, reportId, null);
    }

    /** As {@link #next(AuditEntry, Instant, String, AuditAction, UUID)}, with a short structured detail (or null). */
    public static AuditEntry next(AuditEntry previous, Instant at, String actor, AuditAction action, UUID reportId,
            String detail) {
        AuditEntry entry = new AuditEntry();
        entry.seq = previous == null ? 1 : previous.seq + 1;
        entry.at = at.truncatedTo(ChronoUnit.SECONDS);
        entry.actor = actor;
        entry.action = action.code();
        entry.reportId = reportId;
        entry.detail = detail;
        entry.prevHash = previous == null ? GENESIS.clone() : previous.hash.clone();
        entry.hash = hash(entry);
        return entry;
    }

    /** The hash an entry's fields give, whatever its stored hash says. */
    public static byte[] hash(AuditEntry entry) {
        ByteArrayOutputStream input = new ByteArrayOutputStream(160);
        field(input, TAG);
        field(input, ByteBuffer.allocate(8).putLong(entry.seq).array());
        field(input, ByteBuffer.allocate(8).putLong(entry.at.getEpochSecond()).array());
        field(input, entry.actor.getBytes(StandardCharsets.UTF_8));
        field(input, entry.action.getBytes(StandardCharsets.UTF_8));
        field(input, entry.reportId == null ? new byte[0]
                : ByteBuffer.allocate(16).putLong(entry.reportId.getMostSignificantBits())
                        .putLong(entry.reportId.getLeastSignificantBits()).array());
        field(input, entry.prevHash);
        if (entry.detail != null) {
            field(input, entry.detail.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(input.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a whole chain, given in the order it was read (by seq), from entry 1. */
    public static ChainCheck verify(List<AuditEntry> entries) {
        Walk walk = new Walk();
        for (AuditEntry entry : entries) {
            if (!walk.accept(entry)) {
                break;
            }
        }
        return walk.result();
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }

    /**
     * The same check one entry at a time, so that a long chain can be read in batches without holding it
     * all in memory. Stops at the first break.
     */
    public static final class Walk {

        private AuditEntry previous;
        private long verified;
        private ChainCheck broken;

        /** Checks the next entry; false once the chain is broken (at this entry or before). */
        public boolean accept(AuditEntry entry) {
            if (broken != null) {
                return false;
            }
            long expectedSeq = previous == null ? 1 : previous.seq + 1;
            byte[] expectedPrev = previous == null ? GENESIS : previous.hash;
            if (entry.seq != expectedSeq) {
                return fail(expectedSeq, ChainCheck.Fault.MISSING);
            }
            if (!Arrays.equals(entry.prevHash, expectedPrev)) {
                return fail(entry.seq, ChainCheck.Fault.UNLINKED);
            }
            if (entry.hash == null || !MessageDigest.isEqual(entry.hash, hash(entry))) {
                return fail(entry.seq, ChainCheck.Fault.ALTERED);
            }
            if (AuditAction.fromCode(entry.action).isEmpty()) {
                return fail(entry.seq, ChainCheck.Fault.UNKNOWN_ACTION);
            }
            previous = entry;
            verified++;
            return true;
        }

        /** The verdict on everything accepted so far. */
        public ChainCheck result() {
            return broken != null ? broken : ChainCheck.ok(verified, head());
        }

        private boolean fail(long seq, ChainCheck.Fault fault) {
            broken = ChainCheck.broken(verified, seq, fault, head());
            return false;
        }

        private String head() {
            return previous == null ? "" : HexFormat.of().formatHex(previous.hash);
        }
    }
}
