package org.haven.intake;

import java.util.List;
import org.haven.crypto.Envelope;
import org.haven.intake.attachment.AttachmentClaim;

/**
 * A report as it arrives for storage, whichever side sealed it: the envelope, the reporter's mailbox key
 * (public half, and private half wrapped with a key from the receipt), the lookup token derived from the
 * receipt, and the consent choice.
 *
 * @param submissionKey client-chosen idempotency key; a resend with the same key stores nothing new
 * @param attachments uploads to bind to the report in the same transaction (docs/attachments.md), often none
 */
public record SealedReport(String submissionKey, Envelope envelope, byte[] mailboxPublicKey,
        String mailboxWrappedKey, byte[] token, Consent consent, List<AttachmentClaim> attachments) {

    public SealedReport(String submissionKey, Envelope envelope, byte[] mailboxPublicKey, String mailboxWrappedKey,
            byte[] token, Consent consent) {
        this(submissionKey, envelope, mailboxPublicKey, mailboxWrappedKey, token, consent, List.of());
    }

    /** The same report, binding these uploads. */
    public SealedReport with(List<AttachmentClaim> claims) {
        return new SealedReport(submissionKey, envelope, mailboxPublicKey, mailboxWrappedKey, token, consent,
                List.copyOf(claims));
    }
}
