package org.haven.referral;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ReferralRepository implements PanacheRepositoryBase<Referral, UUID> {

    /** A report's referrals, newest first. */
    public Uni<List<Referral>> forReport(UUID reportId) {
        return find("reportId", Sort.descending("createdAt").and("id"), reportId).list();
    }
}
