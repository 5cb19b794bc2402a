package org.haven.intake;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;

/**
 * The no-JavaScript path (DESIGN.md, promise 2's one exception): seals a posted report in memory exactly as
 * report.js would in the browser, so both paths store identical structures. The plaintext is never written
 * or logged. Key derivation takes a few hundred milliseconds of CPU, so it runs off the event loop.
 */
@ApplicationScoped
public class ServerSideSealer {

    private final Vertx vertx;
    private final ReceiptTokens tokens;

    public ServerSideSealer(Vertx vertx, ReceiptTokens tokens) {
        this.vertx = vertx;
        this.tokens = tokens;
    }

    public Uni<Sealing> seal(String lang, Answers answers, Consent consent, String submissionKey, IntakeKey key) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            String receipt = tokens.receiptFor(submissionKey);
            Envelope envelope = Envelopes.seal(Purpose.REPORT, key.kid, key.publicKey,
                    ReportPlaintext.encode(lang, answers));
            Hpke.KeyPair mailbox = Hpke.generateKeyPair();
            String wrapped = ReceiptKeys.wrap(receipt, mailbox.privateKey(), mailbox.publicKey()).toJson();
            SealedReport sealed = new SealedReport(submissionKey, envelope, mailbox.publicKey(), wrapped,
                    ReceiptKeys.lookupToken(receipt), consent);
            return new Sealing(receipt, sealed);
        }));
    }

    /**
     * Opens the mailbox in memory for a no-JavaScript reader who typed the receipt: unwraps the mailbox key
     * and opens each message. Nothing opened is stored or logged; the key is dropped afterwards.
     */
    public Uni<java.util.List<ShownMessage>> openMessages(String receipt, String wrappedKey,
            java.util.List<MailboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(java.util.List.of());
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            byte[] mailboxKey = ReceiptKeys.unwrap(receipt, ReceiptKeys.WrappedKey.parse(wrappedKey));
            try {
                return messages.stream().map(ShownMessage::sealed).map(shown -> {
                    try {
                        return shown.opened(Envelopes.open(org.haven.crypto.Envelope.parse(shown.envelope()),
                                "reply".equals(shown.purpose()) ? Purpose.REPLY : Purpose.MESSAGE, mailboxKey));
                    } catch (RuntimeException e) {
                        return shown;
                    }
                }).toList();
            } finally {
                java.util.Arrays.fill(mailboxKey, (byte) 0);
            }
        }));
    }

    /** Seals a no-JavaScript reporter's message to the intake key, with a copy to their own mailbox key. */
    public Uni<Envelope[]> sealMessage(String lang, String text, IntakeKey intakeKey, byte[] mailboxPublicKey) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            byte[] plaintext = MessagePlaintext.encode(lang, text);
            return new Envelope[] {
                Envelopes.seal(Purpose.MESSAGE, intakeKey.kid, intakeKey.publicKey, plaintext),
                Envelopes.seal(Purpose.MESSAGE, "mailbox", mailboxPublicKey, plaintext)};
        }));
    }

    /** Derives the lookup token from a receipt typed into the no-JavaScript mailbox sign-in. */
    public Uni<byte[]> lookupToken(String receipt) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> ReceiptKeys.lookupToken(receipt)));
    }

    /** The sealed report and the receipt to show the reporter once. */
    public record Sealing(String receipt, SealedReport report) {
    }
}
