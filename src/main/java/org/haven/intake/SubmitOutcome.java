package org.haven.intake;

import java.util.UUID;

/** What became of a submission. */
public sealed interface SubmitOutcome {

    /** Committed now. */
    record Stored(UUID reportId) implements SubmitOutcome {
    }

    /** The same submission was committed before; nothing new was stored. */
    record AlreadyStored(UUID reportId) implements SubmitOutcome {
    }

    /** The submission key was used before for different content. */
    record KeyReused() implements SubmitOutcome {
    }

    /** The envelope names an intake key this server does not know. */
    record UnknownIntakeKey() implements SubmitOutcome {
    }
}
