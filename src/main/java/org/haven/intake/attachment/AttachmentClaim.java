package org.haven.intake.attachment;

import java.util.UUID;

/** An upload named in a report or message submission, with the token that proves the sender made it. */
public record AttachmentClaim(UUID id, byte[] token) {
}
