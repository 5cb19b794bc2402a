package org.haven.intake;

/**
 * A message as the reporter's mailbox page shows it: who sent it, the envelope the reporter's mailbox key
 * opens (and its purpose), and the text when the server opened it for a no-JavaScript reader.
 */
public record ShownMessage(String sender, String envelope, String purpose, String text) {

    public boolean fromCaseworker() {
        return "caseworker".equals(sender);
    }

    /** For the reporter: replies as sent to them, their own messages through the copy sealed to their key. */
    static ShownMessage sealed(MailboxMessage message) {
        boolean reply = "caseworker".equals(message.sender);
        return new ShownMessage(message.sender, reply ? message.envelope : message.senderCopy,
                reply ? "reply" : "message", null);
    }
}
