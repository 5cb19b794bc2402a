package org.haven.intake;

import io.smallrye.mutiny.Uni;
import org.hibernate.exception.ConstraintViolationException;

/** Submitting with the race between two identical resends handled. */
final class Submissions {

    private Submissions() {
    }

    /**
     * Two resends of one submission can both miss each other's row and race to insert; the loser hits the
     * unique constraint and, on a second look in a fresh transaction, finds the winner's report.
     */
    static Uni<SubmitOutcome> submitOnce(IntakeService intake, SealedReport sealed) {
        return intake.submit(sealed)
                .onFailure(Submissions::isUniqueViolation)
                .recoverWithUni(() -> intake.submit(sealed));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("23505")) {
                return true;
            }
        }
        return false;
    }
}
