package org.haven.intake;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The prod profile refuses to start while a dev demo intake key is active: its private key sits in a
 * developer's target folder, so reports sealed to it would be readable by whoever has that folder.
 */
@ApplicationScoped
public class NoDemoKeysInProduction {

    private final IntakeKeyRepository keys;

    public NoDemoKeysInProduction(IntakeKeyRepository keys) {
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            VertxContextSupport.subscribeAndAwait(this::refuseDemoKey);
        }
    }

    /** Fails if the active intake key is a demo key; the failure names what to fix. */
    @WithSession
    public Uni<Void> refuseDemoKey() {
        return keys.findActive().invoke(active -> {
            if (active != null && active.kid.startsWith(DemoIntakeKey.KID_PREFIX)) {
                throw new IllegalStateException("The active intake key " + active.kid + " is a dev demo key. "
                        + "Create the organisation's intake key in an admin's browser and deactivate the demo "
                        + "key (intake_key.active) before starting in prod.");
            }
        }).replaceWithVoid();
    }
}
