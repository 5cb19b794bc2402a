package org.haven.intake;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.haven.web.ProductionCheck;

/**
 * Prod refuses an active dev demo intake key: its private key sits in a developer's target folder, so
 * reports sealed to it would be readable by whoever has that folder.
 */
@ApplicationScoped
public class DemoIntakeKeyCheck implements ProductionCheck {

    private final IntakeKeyRepository keys;

    public DemoIntakeKeyCheck(IntakeKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    @WithSession
    public Uni<List<String>> problems() {
        return keys.findActive().map(active -> problems(active == null ? null : active.kid));
    }

    /** The refusal for the active intake key {@code kid} (null when there is none). */
    static List<String> problems(String kid) {
        return kid != null && kid.startsWith(DemoIntakeKey.KID_PREFIX)
                ? List.of("The active intake key " + kid + " is a dev demo key: create the organisation's intake "
                        + "key in an admin's browser and deactivate the demo key (intake_key.active).")
                : List.of();
    }
}
