package org.haven.casework.audit;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Appends staff actions to the audit chain, verifies it, and pages through it for the admin page.
 *
 * <p>Appends are serialised in PostgreSQL: each takes a transaction-scoped advisory lock
 * ({@link AuditEntryRepository#lockForAppend()}), then reads the newest entry and inserts the next one. Called
 * from another service's {@code @WithTransaction} method, the append joins that transaction: the entry
 * commits or rolls back with the action it records, and a rolled-back entry leaves no gap, because its seq
 * is simply taken again by the next append. The lock is held until that transaction ends, so append as the
 * last step of a transaction. Appends need READ COMMITTED (PostgreSQL's default), so that the read after
 * the lock sees the entry committed by the previous holder; under REPEATABLE READ a concurrent append
 * fails on the primary key rather than forking the chain.
 */
@ApplicationScoped
public class AuditLog {

    /** Entries read per query while verifying. */
    static final int VERIFY_BATCH = 1000;

    /** The largest page the admin page may ask for. */
    public static final int MAX_PAGE_SIZE = 500;

    private final AuditEntryRepository entries;
    private final Clock clock = Clock.systemUTC();

    public AuditLog(AuditEntryRepository entries) {
        this.entries = entries;
    }

    /**
     * Records that {@code actor} (a staff account id or username, never a reporter) did {@code action},
     * to the report {@code reportIdOrNull} if it concerns one.
     */
    @WithTransaction
    public Uni<AuditEntry> append(String actor, AuditAction action, UUID reportIdOrNull) {
        return append(actor, action, reportIdOrNull, null);
    }

    /** Pattern of a detail: short, structured, no free text (the table checks the same). */
    private static final java.util.regex.Pattern DETAIL = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9:=,._-]{0,199}");

    /** As {@link #append(String, AuditAction, UUID)}, with a short structured detail such as {@code sha256:<hex>}. */
    @WithTransaction
    public Uni<AuditEntry> append(String actor, AuditAction action, UUID reportIdOrNull, String detailOrNull) {
        if (detailOrNull != null && !DETAIL.matcher(detailOrNull).matches()) {
            return Uni.createFrom().failure(new IllegalArgumentException("An audit detail is a short structured code"));
        }
        if (actor == null || actor.isBlank() || actor.length() > 128 || actor.chars().anyMatch(Character::isISOControl)
                || action == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("An audit entry needs a short actor id and an action"));
        }
        return entries.lockForAppend()
                .chain(entries::latest)
                // The clock is read under the lock, so times never run backwards along the chain on one host.
                .map(latest -> AuditChain.next(latest, clock.instant(), actor, action, reportIdOrNull, detailOrNull))
                .chain(entries::persistAndFlush);
    }

    /** Walks the whole chain in seq order, recomputing every hash; reports the first break or the count. */
    @WithSession
    public Uni<ChainCheck> verify() {
        return verifyInBatchesOf(VERIFY_BATCH);
    }

    /** {@link #verify()} reading {@code batchSize} entries per query; tests use small batches. */
    @WithSession
    Uni<ChainCheck> verifyInBatchesOf(int batchSize) {
        return walk(new AuditChain.Walk(), 0, batchSize);
    }

    private Uni<ChainCheck> walk(AuditChain.Walk walk, long afterSeq, int batchSize) {
        return entries.after(afterSeq, batchSize).chain(batch -> {
            for (AuditEntry entry : batch) {
                if (!walk.accept(entry)) {
                    return Uni.createFrom().item(walk.result());
                }
            }
            if (batch.size() < batchSize) {
                return Uni.createFrom().item(walk.result());
            }
            long last = batch.get(batch.size() - 1).seq;
            // Let the session forget what it has checked, so a long chain does not pile up in memory.
            return entries.getSession()
                    .invoke(session -> batch.forEach(session::detach))
                    .chain(() -> walk(walk, last, batchSize));
        });
    }

    /** Page {@code page} (from 0) of {@code size} entries, newest first. */
    @WithSession
    public Uni<List<AuditEntry>> page(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return Uni.createFrom().failure(new IllegalArgumentException("page >= 0 and 1 <= size <= " + MAX_PAGE_SIZE));
        }
        return entries.newestFirst(page, size);
    }
}
