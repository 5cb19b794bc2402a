package org.haven.intake;

import org.haven.crypto.Envelope;

/**
 * A report as it arrives for storage, whichever side sealed it: the envelope, the reporter's mailbox key
 * (public half, and private half wrapped with a key from the receipt), the lookup token derived from the
 * receipt, and the consent choice.
 *
 * @param submissionKey client-chosen idempotency key; a resend with the same key stores nothing new
 */
public record SealedReport(String submissionKey, Envelope envelope, byte[] mailboxPublicKey,
        String mailboxWrappedKey, byte[] token, Consent consent) {
}
