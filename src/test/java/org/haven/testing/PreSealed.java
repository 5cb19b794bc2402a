package org.haven.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;

/**
 * Pre-sealed submissions, built as report.js (and TestReports) build them, so the timed phase measures the
 * server only. Every submission has its own envelope, submission key and token; the wrapped mailbox key is
 * one blob shared by all (the server only checks its shape, and wrapping costs 600,000 PBKDF2 rounds).
 */
public final class PreSealed {

    /** One submission: the JSON body, and the values a raw row of the report table would hold. */
    public record Submission(byte[] body, byte[] submissionKeyHash, byte[] tokenHash, String envelopeJson,
            String token) {
    }

    public record Batch(List<Submission> items, byte[] mailboxPublicKey, String wrappedJson, int plaintextBytes,
            int bodyBytes) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private PreSealed() {
    }

    public static Batch seal(int count, String kid, byte[] intakePublicKey, int plaintextBytes) throws Exception {
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        String receipt = ReceiptKeys.newReceipt(RANDOM);
        String wrapped = ReceiptKeys.wrap(receipt, mailbox.privateKey(), mailbox.publicKey()).toJson();
        String mailboxPublic = Base64Url.encode(mailbox.publicKey());
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<Submission>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> one(kid, intakePublicKey, plaintextBytes, mailboxPublic, wrapped)));
        }
        List<Submission> items = new ArrayList<>(count);
        for (Future<Submission> f : futures) {
            items.add(f.get());
        }
        pool.shutdown();
        return new Batch(items, mailbox.publicKey(), wrapped, plaintextBytes, items.get(0).body().length);
    }

    private static Submission one(String kid, byte[] intakePublicKey, int plaintextBytes, String mailboxPublic,
            String wrapped) throws Exception {
        byte[] plaintext = plaintext(plaintextBytes);
        Envelope envelope = Envelopes.seal(Purpose.REPORT, kid, intakePublicKey, plaintext);
        String envelopeJson = envelope.toJson();
        String submissionKey = Base64Url.encode(random(18));
        byte[] token = random(32);
        // Every value below is from a JSON-safe alphabet (base64url, fixed words), so no escaping is needed.
        String body = "{\"submissionKey\":\"" + submissionKey + "\",\"envelope\":" + envelopeJson
                + ",\"mailboxPublicKey\":\"" + mailboxPublic + "\",\"mailboxWrappedKey\":" + wrapped
                + ",\"token\":\"" + Base64Url.encode(token) + "\",\"consent\":\"record\"}";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] submissionKeyHash = sha.digest(submissionKey.getBytes(StandardCharsets.UTF_8));
        byte[] tokenHash = sha.digest(token); // stands in for the HMAC: same size
        return new Submission(body.getBytes(StandardCharsets.UTF_8), submissionKeyHash, tokenHash, envelopeJson,
                Base64Url.encode(token));
    }

    /** A report document of exactly {@code size} UTF-8 bytes, as report.js builds it. */
    public static byte[] plaintext(int size) {
        String head = "{\"schema\":\"haven.report/1\",\"lang\":\"en\",\"answers\":{\"crime_type\":\"harassment-threats\","
                + "\"role\":\"victim\",\"consent\":\"record\",\"account\":\"";
        String tail = "\"}}";
        int fill = size - head.length() - tail.length();
        StringBuilder account = new StringBuilder(fill);
        String words = "abcdefghijklmnopqrstuvwxyz          ";
        for (int i = 0; i < fill; i++) {
            account.append(words.charAt(RANDOM.nextInt(words.length())));
        }
        return (head + account + tail).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
