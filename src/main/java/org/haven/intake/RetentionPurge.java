package org.haven.intake;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Forgets on schedule (DESIGN.md, promise 5): reports past their expiry date are deleted every hour. */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final IntakeService intake;

    public RetentionPurge(IntakeService intake) {
        this.intake = intake;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return intake.purgeExpired()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Retention: purged %d expired reports", count);
                    }
                })
                .replaceWithVoid();
    }
}
