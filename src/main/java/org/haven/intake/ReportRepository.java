package org.haven.intake;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.UUID;

@ApplicationScoped
public class ReportRepository implements PanacheRepositoryBase<Report, UUID> {

    public Uni<Report> findBySubmissionKeyHash(byte[] hash) {
        return find("submissionKeyHash", hash).firstResult();
    }

    public Uni<Report> findByTokenHash(byte[] hash) {
        return find("tokenHash", hash).firstResult();
    }

    /** One page of reports, newest first, for the caseworkers' inbox. */
    public Uni<java.util.List<Report>> page(int page, int size) {
        return findAll(io.quarkus.panache.common.Sort.descending("receivedHour").and("id"))
                .page(io.quarkus.panache.common.Page.of(page, size)).list();
    }

    /** Deletes reports past their expiry; their mailbox messages go with them (ON DELETE CASCADE). */
    public Uni<Long> deleteExpired(LocalDate today) {
        return delete("expiresOn < ?1", today);
    }
}
