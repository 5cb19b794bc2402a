package org.haven.casework.keys;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.haven.casework.account.DemoStaff;
import org.haven.casework.account.StaffRepositoriesView;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.StaffKeys;
import org.haven.intake.DemoIntakeKey;
import org.jboss.logging.Logger;

/**
 * Dev and test only: gives the demo caseworker a personal key (passphrase in the README) and a grant of the
 * demo intake key, so the inbox opens reports at once. In production both are made in browsers.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class DemoStaffKeys {

    public static final String PASSPHRASE = "demo-key-passphrase";
    private static final Logger LOG = Logger.getLogger(DemoStaffKeys.class);

    private final DemoIntakeKey demoIntakeKey;
    private final StaffRepositoriesView staff;
    private final KeyRepositories.StaffKeys staffKeys;
    private final KeyRepositories.Grants grants;

    public DemoStaffKeys(DemoIntakeKey demoIntakeKey, StaffRepositoriesView staff, KeyRepositories.StaffKeys staffKeys,
            KeyRepositories.Grants grants) {
        this.demoIntakeKey = demoIntakeKey;
        this.staff = staff;
        this.staffKeys = staffKeys;
        this.grants = grants;
    }

    /** After the demo intake key and the demo accounts exist (their observers run first). */
    void onStart(@Observes @Priority(5000) StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::seed));
        LOG.infof("DEV ONLY the demo caseworker's key passphrase is %s", PASSPHRASE);
    }

    private Uni<Void> seed() {
        return staff.accountId(DemoStaff.CASEWORKER).chain(accountId -> staffKeys.findById(accountId).chain(existing -> {
            Uni<byte[]> publicKey;
            if (existing != null) {
                publicKey = Uni.createFrom().item(existing.publicKey);
            } else {
                Hpke.KeyPair pair = Hpke.generateKeyPair();
                StaffKey key = new StaffKey();
                key.accountId = accountId;
                key.publicKey = pair.publicKey();
                key.wrappedPrivateKey = StaffKeys.wrap(PASSPHRASE, pair.privateKey(), pair.publicKey()).toJson();
                key.createdAt = Instant.now();
                publicKey = staffKeys.persist(key).replaceWith(pair.publicKey());
            }
            var demo = demoIntakeKey.keyFile();
            return publicKey.chain(staffPublic -> grants.findById(new KeyGrant.Key(demo.kid(), accountId)).chain(grant -> {
                if (grant != null) {
                    return Uni.createFrom().voidItem();
                }
                KeyGrant fresh = new KeyGrant();
                fresh.key = new KeyGrant.Key(demo.kid(), accountId);
                fresh.envelope = Envelopes.seal(Purpose.GRANT, "staff", staffPublic,
                        GrantPlaintext.of(demo.privateKeyBytes(), Base64Url.decode(demo.publicKey()))).toJson();
                fresh.createdAt = Instant.now();
                return grants.persist(fresh).replaceWithVoid();
            }));
        }));
    }
}
