package org.haven.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;

/** Builds what report.js would send, sealed in Java to an intake key (also used by the two-instance IT). */
public final class TestReports {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestReports() {
    }

    public static String submissionKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64Url.encode(bytes);
    }

    /** A submission body as report.js builds it, with the receipt the reporter would be shown. */
    public record Sealed(String receipt, String token, Map<String, Object> body) {

        Sealed with(String field, Object value) {
            Map<String, Object> copy = new LinkedHashMap<>(body);
            copy.put(field, value);
            return new Sealed(receipt, token, copy);
        }

        Sealed without(String field) {
            Map<String, Object> copy = new LinkedHashMap<>(body);
            copy.remove(field);
            return new Sealed(receipt, token, copy);
        }
    }

    static Sealed sealed(DemoKeyFile key, String account, String consent) {
        return sealed(key.kid(), Base64Url.decode(key.publicKey()), account, consent, submissionKey());
    }

    public static Sealed sealed(String kid, byte[] publicKey, String account, String consent, String submissionKey) {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("crime_type", "harassment-threats");
        answers.put("role", "victim");
        answers.put("account", account);
        answers.put("consent", consent);
        return sealedWith(kid, publicKey, "en", answers, submissionKey);
    }

    static Sealed sealedWith(String kid, byte[] publicKey, String lang, Map<String, Object> answers) {
        return sealedWith(kid, publicKey, lang, answers, submissionKey());
    }

    static Sealed sealedWith(String kid, byte[] publicKey, String lang, Map<String, Object> answers,
            String submissionKey) {
        String receipt = ReceiptKeys.newReceipt(RANDOM);
        String consent = (String) answers.get("consent");
        byte[] plaintext = json(Map.of("schema", ReportPlaintext.SCHEMA, "lang", lang, "answers", answers))
                .getBytes(StandardCharsets.UTF_8);
        Envelope envelope = Envelopes.seal(Purpose.REPORT, kid, publicKey, plaintext);
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        String token = Base64Url.encode(ReceiptKeys.lookupToken(receipt));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("submissionKey", submissionKey);
        body.put("envelope", parse(envelope.toJson()));
        body.put("mailboxPublicKey", Base64Url.encode(mailbox.publicKey()));
        body.put("mailboxWrappedKey", parse(ReceiptKeys.wrap(receipt, mailbox.privateKey(), mailbox.publicKey()).toJson()));
        body.put("token", token);
        body.put("consent", consent);
        return new Sealed(receipt, token, body);
    }

    static Map<String, Object> tokenBody(String token) {
        return Map.of("token", token);
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
