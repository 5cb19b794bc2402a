package org.haven.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageSignaturesTest {

    /** RFC 9421 Appendix B.1.4, test-key-ed25519, as JWK {@code d} and {@code x}. */
    private static final String RFC_SEED = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";
    private static final String RFC_PUBLIC = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";

    private static final SigningKeyPair KEY = SigningKeyPair.generate();
    private static final Instant NOW = Instant.ofEpochSecond(1764000000);
    private static final byte[] BODY = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
    private static final MessageSignatures.Request REQUEST = new MessageSignatures.Request("POST",
            "https://force.example/referrals", ContentDigest.of(BODY), "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");

    private static void verify(MessageSignatures.Request request, MessageSignatures.Headers headers) {
        MessageSignatures.verify(request, headers, KEY.publicKey(), NOW, MessageSignatures.DEFAULT_TOLERANCE);
    }

    private static MessageSignatures.Headers signed() {
        return MessageSignatures.sign(REQUEST, KEY, NOW);
    }

    @Test
    void reproducesRfc9421AppendixB26() {
        SigningKeyPair rfcKey = SigningKeyPair.fromBase64UrlSeed(RFC_SEED);
        assertEquals(RFC_PUBLIC, Base64Url.encode(rfcKey.publicKey()));

        String signatureInput = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
                + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
        StructuredFields.InnerList parsed = (StructuredFields.InnerList) StructuredFields.parseDictionary(signatureInput)
                .get("sig-b26");
        Map<String, String> components = new LinkedHashMap<>();
        components.put("date", "Tue, 20 Apr 2021 02:07:55 GMT");
        components.put("@method", "POST");
        components.put("@path", "/foo");
        components.put("@authority", "example.com");
        components.put("content-type", "application/json");
        components.put("content-length", "18");
        byte[] base = MessageSignatures.signatureBase(components, StructuredFields.serialize(parsed));
        assertEquals("""
                "date": Tue, 20 Apr 2021 02:07:55 GMT
                "@method": POST
                "@path": /foo
                "@authority": example.com
                "content-type": application/json
                "content-length": 18
                "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length")\
                ;created=1618884473;keyid="test-key-ed25519\"""", new String(base, StandardCharsets.US_ASCII));

        String published = "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";
        byte[] signature = Base64.getDecoder().decode(published);
        assertTrue(SigningKeyPair.verify(Base64Url.decode(RFC_PUBLIC), base, signature));
        assertArrayEquals(signature, rfcKey.sign(base), "Ed25519 is deterministic");
        base[10] ^= 1;
        assertFalse(SigningKeyPair.verify(Base64Url.decode(RFC_PUBLIC), base, signature));
    }

    @Test
    void signatureBaseIsTheOneInTheSpecification() {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("@method", "POST");
        components.put("@target-uri", "https://force.example/referrals");
        components.put("content-digest", "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
        components.put("idempotency-key", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
        String params = "(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;"
                + "keyid=\"haven-AbCdEfGhIjKlMnOp\";alg=\"ed25519\"";
        assertEquals("""
                "@method": POST
                "@target-uri": https://force.example/referrals
                "content-digest": sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:
                "idempotency-key": 0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0
                "@signature-params": ("@method" "@target-uri" "content-digest" "idempotency-key");created=1764000000;\
                keyid="haven-AbCdEfGhIjKlMnOp";alg="ed25519\"""",
                new String(MessageSignatures.signatureBase(components, params), StandardCharsets.US_ASCII));
    }

    @Test
    void signsInTheFormTheSpecificationShows() {
        MessageSignatures.Headers headers = signed();
        assertEquals("haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;"
                + "keyid=\"" + KEY.keyId() + "\";alg=\"ed25519\"", headers.signatureInput());
        assertTrue(headers.signature().matches("haven=:[A-Za-z0-9+/]{86}==:"), headers.signature());
        verify(REQUEST, headers);
    }

    @Test
    void toleratesFiveMinutesOfClockSkewEitherWay() {
        MessageSignatures.Headers headers = signed();
        byte[] key = KEY.publicKey();
        Duration tolerance = MessageSignatures.DEFAULT_TOLERANCE;
        MessageSignatures.verify(REQUEST, headers, key, NOW.plusSeconds(300), tolerance);
        MessageSignatures.verify(REQUEST, headers, key, NOW.minusSeconds(300), tolerance);
        assertThrows(MessageSignatureException.class,
                () -> MessageSignatures.verify(REQUEST, headers, key, NOW.plusSeconds(301), tolerance));
        assertThrows(MessageSignatureException.class,
                () -> MessageSignatures.verify(REQUEST, headers, key, NOW.minusSeconds(301), tolerance));
    }

    @Test
    void rejectsAnyChangedComponent() {
        MessageSignatures.Headers headers = signed();
        String digest = REQUEST.contentDigest();
        String key = REQUEST.idempotencyKey();
        for (MessageSignatures.Request changed : new MessageSignatures.Request[] {
                new MessageSignatures.Request("PUT", REQUEST.targetUri(), digest, key),
                new MessageSignatures.Request("POST", "https://force.example/referrals/", digest, key),
                new MessageSignatures.Request("POST", "https://other.example/referrals", digest, key),
                new MessageSignatures.Request("POST", REQUEST.targetUri(), ContentDigest.of(new byte[] {1}), key),
                new MessageSignatures.Request("POST", REQUEST.targetUri(), digest, "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f1"),
                new MessageSignatures.Request("POST", REQUEST.targetUri(), digest, null) }) {
            assertThrows(MessageSignatureException.class, () -> verify(changed, headers), changed.toString());
        }
    }

    @Test
    void rejectsAChangedSignature() {
        MessageSignatures.Headers headers = signed();
        String value = headers.signature().substring("haven=:".length(), headers.signature().length() - 1);
        byte[] signature = Base64.getDecoder().decode(value);
        signature[0] ^= 1;
        MessageSignatures.Headers tampered = new MessageSignatures.Headers(headers.signatureInput(),
                "haven=:" + Base64.getEncoder().encodeToString(signature) + ":");
        assertThrows(MessageSignatureException.class, () -> verify(REQUEST, tampered));
    }

    @Test
    void rejectsAnotherKeyEvenWithTheRightKeyId() {
        SigningKeyPair other = SigningKeyPair.generate();
        MessageSignatures.Headers byOther = MessageSignatures.sign(REQUEST, other, NOW);
        assertThrows(MessageSignatureException.class, () -> verify(REQUEST, byOther));
        MessageSignatures.Headers relabelled = new MessageSignatures.Headers(
                byOther.signatureInput().replace(other.keyId(), KEY.keyId()), byOther.signature());
        assertThrows(MessageSignatureException.class, () -> verify(REQUEST, relabelled));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // another created time: the signature no longer verifies
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000001;keyid=\"KEY\";alg=\"ed25519\"",
        // another alg, or none
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"KEY\";alg=\"hmac-sha256\"",
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"KEY\"",
        // another keyid
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"haven-AbCdEfGhIjKlMnOp\";alg=\"ed25519\"",
        // fewer components, another order, another component
        "haven=(\"@method\" \"@target-uri\" \"content-digest\");created=1764000000;keyid=\"KEY\";alg=\"ed25519\"",
        "haven=(\"@target-uri\" \"@method\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"KEY\";alg=\"ed25519\"",
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\" \"date\");created=1764000000;keyid=\"KEY\";alg=\"ed25519\"",
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\";sf);created=1764000000;keyid=\"KEY\";alg=\"ed25519\"",
        // an extra parameter, a repeated one, a string where an integer belongs
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"KEY\";alg=\"ed25519\";nonce=\"x\"",
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;created=1764000000;keyid=\"KEY\";alg=\"ed25519\"",
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=\"1764000000\";keyid=\"KEY\";alg=\"ed25519\"",
        // another label, a repeated label, not a dictionary
        "other=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"KEY\";alg=\"ed25519\"",
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"KEY\";alg=\"ed25519\", haven=()",
        "haven=(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=1764000000;keyid=\"KEY\";alg=\"ed25519\",",
        "haven=\"@method\"",
        "" })
    void rejectsAnyOtherSignatureInput(String input) {
        MessageSignatures.Headers headers = signed();
        MessageSignatures.Headers changed = new MessageSignatures.Headers(input.replace("KEY", KEY.keyId()),
                headers.signature());
        assertThrows(MessageSignatureException.class, () -> verify(REQUEST, changed));
    }

    @Test
    void ignoresOtherLabels() {
        MessageSignatures.Headers headers = signed();
        MessageSignatures.Headers withProxy = new MessageSignatures.Headers(
                "proxy=(\"@method\");created=1, " + headers.signatureInput(),
                "proxy=:AAAA:, " + headers.signature());
        verify(REQUEST, withProxy);
    }

    @Test
    void rejectsASignatureThatIsNotSixtyFourBytes() {
        MessageSignatures.Headers headers = signed();
        for (String signature : new String[] { "haven=:AAAA:", "haven=\"abc\"", "other=:AAAA:", "haven=:not base64:" }) {
            MessageSignatures.Headers changed = new MessageSignatures.Headers(headers.signatureInput(), signature);
            assertThrows(MessageSignatureException.class, () -> verify(REQUEST, changed), signature);
        }
    }

    @Test
    void refusesALineBreakInAComponent() {
        MessageSignatures.Request injected = new MessageSignatures.Request("POST", REQUEST.targetUri(),
                REQUEST.contentDigest(), "key\n\"@method\": GET");
        assertThrows(MessageSignatureException.class, () -> MessageSignatures.sign(injected, KEY, NOW));
    }

    @Test
    void contentDigestKnownAnswers() {
        assertEquals("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", ContentDigest.of(new byte[0]));
        byte[] hello = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", ContentDigest.of(hello));
        assertTrue(ContentDigest.matches("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", hello));
        // RFC 9530 allows several algorithms in one header; this side checks sha-256 and ignores the rest.
        assertTrue(ContentDigest.matches("sha-512=:AAAA:, sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", hello));
    }

    @Test
    void contentDigestRejectsAnotherBodyOrAnUncheckableHeader() {
        byte[] hello = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
        byte[] changed = "{\"hello\": \"World\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(ContentDigest.matches(ContentDigest.of(hello), changed));
        for (String header : new String[] { null, "", "sha-512=:AAAA:", "sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
                "sha-256=\"X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\"", "SHA-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
                "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:" }) {
            assertFalse(ContentDigest.matches(header, hello), String.valueOf(header));
        }
    }

    @Test
    void signingKeyLoadsFromABase64UrlSeedOnly() {
        SigningKeyPair again = SigningKeyPair.fromBase64UrlSeed(KEY.seedBase64Url());
        assertArrayEquals(KEY.publicKey(), again.publicKey());
        assertEquals(KeyIds.signingKey(KEY.publicKey()), again.keyId());
        for (String bad : new String[] { null, "", "AAAA", KEY.seedBase64Url() + "=", Base64.getEncoder().encodeToString(new byte[32]) }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningKeyPair.fromBase64UrlSeed(bad));
            assertFalse(bad != null && !bad.isEmpty() && e.getMessage().contains(bad), "message repeats the secret");
        }
        assertFalse(KEY.toString().contains(KEY.seedBase64Url()));
    }
}
