package org.haven.intake;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class IntakeKeyRepository implements PanacheRepositoryBase<IntakeKey, String> {

    public Uni<IntakeKey> findActive() {
        return find("active", true).firstResult();
    }
}
