package org.haven.casework.account;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.haven.crypto.PasswordHashing;
import org.haven.web.ProductionCheck;

/**
 * Prod refuses a staff account that still opens with a demo password documented in the README. It checks the
 * password, not the name: a real organisation may well call its first admin "admin", and refusing that name
 * would push operators to a workaround, while an account that opens with a published password is exactly the
 * danger. (Its second factor may also be the published demo secret; changing the password is the minimum.)
 */
@ApplicationScoped
public class DemoStaffCheck implements ProductionCheck {

    /** The demo usernames with the passwords the README publishes for them. */
    static final Map<String, String> DEMO_PASSWORDS = Map.of(
            DemoStaff.ADMIN, DemoStaff.ADMIN_PASSWORD,
            DemoStaff.CASEWORKER, DemoStaff.CASEWORKER_PASSWORD);

    private final StaffRepositories.Accounts accounts;
    private final Vertx vertx;

    public DemoStaffCheck(StaffRepositories.Accounts accounts, Vertx vertx) {
        this.accounts = accounts;
        this.vertx = vertx;
    }

    @Override
    @WithSession
    public Uni<List<String>> problems() {
        Map<String, String> hashes = new LinkedHashMap<>();
        Uni<Void> found = Uni.createFrom().voidItem();
        for (String username : List.of(DemoStaff.ADMIN, DemoStaff.CASEWORKER)) {
            found = found.chain(() -> accounts.byUsername(username).invoke(account -> {
                if (account != null) {
                    hashes.put(account.username, account.passwordHash);
                }
            })).replaceWithVoid();
        }
        // Argon2id costs a few hundred milliseconds each: off the event loop, as at sign-in.
        return found.chain(() -> vertx.executeBlocking(Uni.createFrom().item(() -> problems(hashes))));
    }

    /** The refusals for these accounts' password hashes, by username. */
    static List<String> problems(Map<String, String> hashByUsername) {
        List<String> problems = new ArrayList<>();
        hashByUsername.forEach((username, hash) -> {
            String demo = DEMO_PASSWORDS.get(username);
            if (demo != null && hash != null && PasswordHashing.verify(demo, hash)) {
                problems.add("The staff account '" + username + "' still signs in with the demo password published "
                        + "in the README: change its password and second factor, or delete the account "
                        + "(staff_account), before starting in prod.");
            }
        });
        return problems;
    }
}
