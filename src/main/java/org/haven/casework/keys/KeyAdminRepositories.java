package org.haven.casework.keys;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.haven.casework.account.StaffAccount;

/** Data access for the admin's key management: recovery keys and grants, and staff accounts as grant targets. */
public final class KeyAdminRepositories {

    private KeyAdminRepositories() {
    }

    @ApplicationScoped
    public static class RecoveryKeys implements PanacheRepositoryBase<RecoveryKey, String> {
    }

    @ApplicationScoped
    public static class RecoveryGrants implements PanacheRepositoryBase<RecoveryGrant, RecoveryGrant.Key> {

        public Uni<List<RecoveryGrant>> newestFirst() {
            return find("order by createdAt desc").list();
        }
    }

    /** Staff accounts, read only here: who may be given a grant. */
    @ApplicationScoped
    public static class Accounts implements PanacheRepositoryBase<StaffAccount, UUID> {

        public Uni<List<StaffAccount>> byUsername() {
            return find("order by username").list();
        }
    }
}
