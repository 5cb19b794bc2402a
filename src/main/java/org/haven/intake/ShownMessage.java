package org.haven.intake;

import java.time.Instant;

/**
 * A message as the reporter's mailbox page shows it: who sent it, when, the envelope the reporter's mailbox
 * key opens (and its purpose), and what the server opened for a no-JavaScript reader: a message's text, or for
 * Haven's "passed to police" notice the force's reference (empty when it gave none). Null while sealed.
 */
public record ShownMessage(String sender, String envelope, String purpose, String text, Instant sent) {

    public boolean fromCaseworker() {
        return "caseworker".equals(sender);
    }

    /** Haven's own notice that the report was passed to police (see {@link PoliceNotice}). */
    public boolean fromHaven() {
        return "haven".equals(sender);
    }

    /** A message sent with files and no text, opened: the page says so instead of showing an empty bubble. */
    public boolean filesOnly() {
        return !fromHaven() && text != null && text.isEmpty();
    }

    public boolean hasReference() {
        return fromHaven() && text != null && !text.isEmpty();
    }

    /**
     * The police reference between Unicode isolates (FSI ... PDI, what {@code <bdi>} does), so "12 AB" is not
     * reordered inside an Arabic sentence.
     */
    public String isolatedReference() {
        return "\u2068" + text + "\u2069";
    }

    /**
     * For the reporter: replies and Haven's notices as sent to their mailbox key, their own messages through
     * the copy sealed to it.
     */
    static ShownMessage sealed(MailboxMessage message) {
        boolean toReporter = !"reporter".equals(message.sender);
        return new ShownMessage(message.sender, toReporter ? message.envelope : message.senderCopy,
                toReporter ? "reply" : "message", null, message.sentHour);
    }

    /** This message with what its opened plaintext says (null if it does not say it in the expected form). */
    ShownMessage opened(byte[] plaintext) {
        String shown = fromHaven() ? PoliceNotice.reference(plaintext) : MessagePlaintext.text(plaintext);
        return new ShownMessage(sender, envelope, purpose, shown, sent);
    }
}
