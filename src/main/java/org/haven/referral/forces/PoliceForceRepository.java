package org.haven.referral.forces;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The force registry's rows. */
@ApplicationScoped
public class PoliceForceRepository implements PanacheRepositoryBase<PoliceForce, String> {

    public Uni<List<PoliceForce>> byName() {
        return find("order by name").list();
    }

    /**
     * Referrals waiting in the outbox for {@code code} whose body is sealed to the key {@code keyId}: what a
     * change of key leaves sealed to the old one (the server cannot re-seal them: it never keeps the plaintext).
     */
    public Uni<Long> queuedSealedTo(String code, String keyId) {
        return getSession().chain(session -> session.createNativeQuery(
                "select count(*) from referral_outbox o join referral r on r.id = o.referral_id"
                        + " where r.force_code = ?1 and o.force_kid = ?2", Long.class)
                .setParameter(1, code).setParameter(2, keyId).getSingleResult());
    }
}
