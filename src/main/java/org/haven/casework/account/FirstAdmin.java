package org.haven.casework.account;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.haven.crypto.Base64Url;
import org.jboss.logging.Logger;

/**
 * A fresh installation has no accounts and creates none by default. While no admin exists, each start
 * prints a new one-time setup token (the only time it is shown; only its hash is stored), which lets one
 * person enrol as the first admin at {@code /casework/setup}.
 */
@ApplicationScoped
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a printed setup token works; a fresh install is usually set up within the hour. */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

    private final StaffRepositories.Accounts accounts;
    private final StaffRepositories.SetupTokens tokens;
    private final StaffAuth auth;

    public FirstAdmin(StaffRepositories.Accounts accounts, StaffRepositories.SetupTokens tokens, StaffAuth auth) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.auth = auth;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return; // dev and tests seed demo accounts instead (DemoStaff)
        }
        String token = VertxContextSupport.subscribeAndAwait(this::issueTokenIfNoAdmin);
        if (token != null) {
            LOG.warnf("No admin account exists. To enrol the first admin, open /casework/setup and enter "
                    + "this one-time setup token (shown only now, valid for 24 hours; every replica prints its own "
                    + "and any one of them works): %s", token);
        }
    }

    /**
     * A new setup token if there is no admin yet, else null. Tokens other replicas printed stay valid for
     * {@link #TOKEN_LIFETIME}, so whichever pod's log the operator reads holds a working one; older unused
     * tokens are withdrawn.
     */
    @WithTransaction
    public Uni<String> issueTokenIfNoAdmin() {
        return accounts.admins().chain(admins -> {
            if (admins > 0) {
                return Uni.createFrom().nullItem();
            }
            byte[] raw = new byte[24];
            RANDOM.nextBytes(raw);
            String token = Base64Url.encode(raw);
            SetupToken row = new SetupToken();
            row.tokenHash = StaffAuth.sha256(token);
            row.createdAt = Instant.now();
            return tokens.delete("usedAt is null and createdAt < ?1", row.createdAt.minus(TOKEN_LIFETIME))
                    .chain(() -> tokens.persist(row)).replaceWith(token);
        });
    }

    /** Enrols the first admin if the token is valid and unused and there is still no admin; false otherwise. */
    @WithTransaction
    public Uni<Boolean> enrol(String token, String username, String password) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().item(false);
        }
        return tokens.findById(StaffAuth.sha256(token.strip())).chain(row -> {
            if (row == null || row.usedAt != null || row.createdAt.isBefore(Instant.now().minus(TOKEN_LIFETIME))) {
                return Uni.createFrom().item(false);
            }
            return accounts.admins().chain(admins -> {
                if (admins > 0) {
                    return Uni.createFrom().item(false);
                }
                row.usedAt = Instant.now();
                return auth.createAccount(username, StaffPrincipal.ADMIN, password).replaceWith(true);
            });
        });
    }
}
