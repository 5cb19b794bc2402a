package org.haven.casework.account;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.haven.crypto.Totp;
import org.jboss.logging.Logger;

/**
 * Dev and test only: a demo admin and a demo caseworker with documented passwords and second-factor
 * secrets (README), so the staff side works at once. The prod profile has no such bean.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class DemoStaff {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "demo-admin-passphrase";
    public static final String CASEWORKER = "caseworker";
    public static final String CASEWORKER_PASSWORD = "demo-caseworker-passphrase";
    private static final Logger LOG = Logger.getLogger(DemoStaff.class);

    private final StaffRepositories.Accounts accounts;
    private final StaffAuth auth;

    public DemoStaff(StaffRepositories.Accounts accounts, StaffAuth auth) {
        this.accounts = accounts;
        this.auth = auth;
    }

    /** The demo second-factor secret of a demo user: fixed, public, and useless outside dev. */
    public static byte[] totpSecret(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("haven-dev-only-totp|" + username).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 20);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void onStart(@Observes @Priority(10) StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> ensure(ADMIN, StaffPrincipal.ADMIN,
                ADMIN_PASSWORD).chain(() -> ensure(CASEWORKER, StaffPrincipal.CASEWORKER, CASEWORKER_PASSWORD))));
        LOG.infof("DEV ONLY staff accounts: %s / %s and %s / %s; second-factor secrets (base32) %s and %s",
                ADMIN, ADMIN_PASSWORD, CASEWORKER, CASEWORKER_PASSWORD, Totp.base32(totpSecret(ADMIN)),
                Totp.base32(totpSecret(CASEWORKER)));
    }

    private Uni<Void> ensure(String username, String role, String password) {
        return accounts.byUsername(username).chain(existing -> existing != null ? Uni.createFrom().voidItem()
                : auth.createAccount(username, role, password).invoke(account -> {
                    account.totpSecret = auth.sealTotpSecret(account.id, totpSecret(username));
                }).replaceWithVoid());
    }
}
