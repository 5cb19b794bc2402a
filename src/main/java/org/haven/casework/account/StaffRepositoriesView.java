package org.haven.casework.account;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Read access to staff accounts for other casework features, without opening the account internals. */
@ApplicationScoped
public class StaffRepositoriesView {

    private final StaffRepositories.Accounts accounts;

    public StaffRepositoriesView(StaffRepositories.Accounts accounts) {
        this.accounts = accounts;
    }

    /** The id of an account by username, or a failure if there is none. */
    public Uni<UUID> accountId(String username) {
        return accounts.byUsername(StaffAuth.normaliseUsername(username)).map(account -> {
            if (account == null) {
                throw new IllegalStateException("No staff account " + username);
            }
            return account.id;
        });
    }
}
