package org.haven.intake;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.web.HavenConfig;
import org.jboss.logging.Logger;

/**
 * Dev and test only: makes sure a demo intake key exists so the report form works at once. The key pair is
 * generated on first start (never committed) and kept in {@code haven.dev-keys.directory}; its public half is
 * registered as the active intake key. The prod profile has no such bean and refuses a {@code demo-} key.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class DemoIntakeKey {

    public static final String KID_PREFIX = "demo-";
    private static final Logger LOG = Logger.getLogger(DemoIntakeKey.class);

    private final HavenConfig config;
    private final IntakeKeyRepository keys;
    private volatile DemoKeyFile current;

    public DemoIntakeKey(HavenConfig config, IntakeKeyRepository keys) {
        this.config = config;
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        String json = DevKeyDirectory.readOrCreate(config.devKeys().directory(), "demo-intake-key.json", () -> {
            Hpke.KeyPair pair = Hpke.generateKeyPair();
            String kid = KID_PREFIX + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            return new DemoKeyFile(kid, Base64Url.encode(pair.publicKey()), Base64Url.encode(pair.privateKey()))
                    .toJson();
        });
        DemoKeyFile file = DemoKeyFile.parse(json);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> register(file)));
        current = file;
        Path where = Path.of(config.devKeys().directory().orElseThrow(), "demo-intake-key.json").toAbsolutePath();
        LOG.infof("DEV ONLY demo intake key %s is active. Its private key is in %s. "
                + "To open the reports in the dev database: ./mvnw -q test-compile exec:java "
                + "-Dexec.classpathScope=test -Dexec.mainClass=org.haven.tools.OpenReports", file.kid(), where);
    }

    private Uni<Void> register(DemoKeyFile file) {
        return keys.findById(file.kid()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            return keys.update("active = false where active = true").chain(() -> {
                IntakeKey key = new IntakeKey();
                key.kid = file.kid();
                key.publicKey = Base64Url.decode(file.publicKey());
                key.createdAt = Instant.now();
                key.active = true;
                return keys.persist(key).replaceWithVoid();
            });
        });
    }

    /** The demo key pair, for tests and dev tools that play the caseworker's part. */
    public DemoKeyFile keyFile() {
        return current;
    }
}
