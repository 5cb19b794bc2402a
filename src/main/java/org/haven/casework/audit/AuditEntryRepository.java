package org.haven.casework.audit;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class AuditEntryRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    /**
     * The key of the transaction-scoped advisory lock that serialises appends: the ASCII bytes "hvnaudit".
     * Any other advisory lock in Haven must use a different key.
     */
    static final long APPEND_LOCK = 0x68766e6175646974L;

    /**
     * Waits for, then holds until the current transaction ends, the one lock every append takes. Advisory
     * locks live in PostgreSQL, so this serialises appends across connections and replicas alike, and it
     * works on an empty table, where {@code select ... for update} would have no row to lock.
     */
    public Uni<Void> lockForAppend() {
        // A set-returning call in FROM is always evaluated; the function itself returns void.
        return getSession().chain(session -> session
                .createNativeQuery("select 1 from pg_advisory_xact_lock(:key)")
                .setParameter("key", APPEND_LOCK)
                .getSingleResult())
                .replaceWithVoid();
    }

    /** The entry with the highest seq, or null for an empty log. */
    public Uni<AuditEntry> latest() {
        return findAll(Sort.descending("seq")).firstResult();
    }

    /** Up to {@code limit} entries after {@code afterSeq}, in seq order (keyset paging for the chain check). */
    public Uni<List<AuditEntry>> after(long afterSeq, int limit) {
        return find("seq > ?1", Sort.ascending("seq"), afterSeq).range(0, limit - 1).list();
    }

    /** One page, newest first. */
    public Uni<List<AuditEntry>> newestFirst(int page, int size) {
        return findAll(Sort.descending("seq")).page(page, size).list();
    }
}
