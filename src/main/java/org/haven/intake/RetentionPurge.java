package org.haven.intake;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.haven.intake.attachment.AttachmentUploads;
import org.jboss.logging.Logger;

/**
 * Forgets on schedule (DESIGN.md, promise 5): reports past their expiry date are deleted every hour, with their
 * messages and attachments; so are uploads never bound to a report (docs/attachments.md).
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final IntakeService intake;
    private final AttachmentUploads uploads;

    public RetentionPurge(IntakeService intake, AttachmentUploads uploads) {
        this.intake = intake;
        this.uploads = uploads;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return intake.purgeExpired()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Retention: purged %d expired reports", count);
                    }
                })
                .chain(uploads::purgeUnbound)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Retention: purged %d uploads never sent", count);
                    }
                })
                .replaceWithVoid();
    }
}
