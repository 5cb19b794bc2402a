package org.haven.casework.keys;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Data access for staff keys and key grants. */
public final class KeyRepositories {

    private KeyRepositories() {
    }

    @ApplicationScoped
    public static class StaffKeys implements PanacheRepositoryBase<StaffKey, UUID> {
    }

    @ApplicationScoped
    public static class Grants implements PanacheRepositoryBase<KeyGrant, KeyGrant.Key> {

        public Uni<List<KeyGrant>> forAccount(UUID accountId) {
            return find("key.accountId", accountId).list();
        }
    }
}
