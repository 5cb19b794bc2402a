package org.haven.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

    private static final Hpke.KeyPair KEYS = Hpke.generateKeyPair();
    private static final byte[] REPORT = "Someone smashed the shop window on Tuesday night.".getBytes(StandardCharsets.UTF_8);

    private static Envelope sealed() {
        return Envelopes.seal(Purpose.REPORT, "intake-2026-1", KEYS.publicKey(), REPORT);
    }

    @Test
    void purposeInfoIsTheVersionedLowerCaseName() {
        assertEquals("haven/v1/report", new String(Purpose.REPORT.info(), StandardCharsets.UTF_8));
        assertEquals("haven/v1/attachment", new String(Purpose.ATTACHMENT.info(), StandardCharsets.UTF_8));
        assertEquals("haven/v1/referral/v1", new String(Purpose.REFERRAL.info(), StandardCharsets.UTF_8));
        assertEquals("haven-envelope/v1/k1", new String(Envelopes.aad("k1"), StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        Envelope envelope = sealed();
        assertEquals(1, envelope.v());
        assertEquals(1024 + 16, Base64Url.decode(envelope.ct()).length);
        Envelope parsed = Envelope.parse(envelope.toJson());
        assertEquals(envelope, parsed);
        assertArrayEquals(REPORT, Envelopes.open(parsed, Purpose.REPORT, KEYS.privateKey()));

        ObjectMapper jackson = new ObjectMapper();
        String viaJackson = jackson.writeValueAsString(envelope);
        assertEquals(envelope.toJson(), viaJackson);
        assertEquals(envelope, jackson.readValue(viaJackson, Envelope.class));
    }

    @Test
    void rejectsATamperedCiphertext() {
        Envelope envelope = sealed();
        byte[] ct = Base64Url.decode(envelope.ct());
        ct[100] ^= 1;
        Envelope tampered = new Envelope(1, envelope.kid(), envelope.enc(), Base64Url.encode(ct));
        assertThrows(DecryptionException.class, () -> Envelopes.open(tampered, Purpose.REPORT, KEYS.privateKey()));
    }

    @Test
    void rejectsAnotherEncapsulatedKey() {
        Envelope envelope = sealed();
        Envelope other = sealed();
        Envelope swapped = new Envelope(1, envelope.kid(), other.enc(), envelope.ct());
        assertThrows(DecryptionException.class, () -> Envelopes.open(swapped, Purpose.REPORT, KEYS.privateKey()));
    }

    @Test
    void rejectsAnotherKeyId() {
        Envelope envelope = sealed();
        Envelope relabelled = new Envelope(1, "intake-2026-2", envelope.enc(), envelope.ct());
        assertThrows(DecryptionException.class, () -> Envelopes.open(relabelled, Purpose.REPORT, KEYS.privateKey()));
    }

    @Test
    void rejectsAnotherPurpose() {
        Envelope envelope = sealed();
        assertThrows(DecryptionException.class, () -> Envelopes.open(envelope, Purpose.REPLY, KEYS.privateKey()));
    }

    @Test
    void rejectsAnotherPrivateKey() {
        Envelope envelope = sealed();
        byte[] other = Hpke.generateKeyPair().privateKey();
        assertThrows(DecryptionException.class, () -> Envelopes.open(envelope, Purpose.REPORT, other));
    }

    @Test
    void everyOpenFailureIsAnEnvelopeException() {
        assertEquals(EnvelopeException.class, DecryptionException.class.getSuperclass());
        assertEquals(EnvelopeException.class, MalformedEnvelopeException.class.getSuperclass());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[]",
        "null",
        "{}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT\",\"x\":1}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC\"}",
        "{\"v\":2,\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT\"}",
        "{\"v\":\"1\",\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT\"}",
        "{\"v\":1.0,\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":\"\",\"enc\":\"ENC\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":\"a b\",\"enc\":\"ENC\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":\"KID65\",\"enc\":\"ENC\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":1,\"enc\":\"ENC\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC33\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC_NOT_04\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC=\",\"ct\":\"CT\"}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT_SHORT\"}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT+\"}",
        "{\"v\":1,\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT\"} {}",
        "{\"v\":1,\"v\":1,\"kid\":\"k\",\"enc\":\"ENC\",\"ct\":\"CT\"}",
    })
    void rejectsMalformedEnvelopes(String template) {
        String json = template
                .replace("KID65", "k".repeat(65))
                .replace("ENC33", Base64Url.encode(new byte[33]))
                .replace("ENC_NOT_04", Base64Url.encode(new byte[65]))
                .replace("ENC", Base64Url.encode(KEYS.publicKey()))
                .replace("CT_SHORT", Base64Url.encode(new byte[1024 + 15]))
                .replace("CT+", Base64Url.encode(new byte[1024 + 16]).replace('A', '+'))
                .replace("CT", Base64Url.encode(new byte[1024 + 16]));
        assertThrows(MalformedEnvelopeException.class, () -> Envelope.parse(json));
    }

    @Test
    void jacksonBindingIsAsStrictAsParse() throws Exception {
        // Quarkus's own ObjectMapper ignores unknown properties; an envelope must not.
        ObjectMapper lenient = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        String json = sealed().toJson();
        assertEquals(Envelope.parse(json), lenient.readValue(json, Envelope.class));
        String extra = json.replace("{\"v\":1,", "{\"v\":1,\"name\":\"x\",");
        assertThrows(MismatchedInputException.class, () -> lenient.readValue(extra, Envelope.class));
        String wrongVersion = json.replace("{\"v\":1,", "{\"v\":2,");
        assertThrows(MismatchedInputException.class, () -> lenient.readValue(wrongVersion, Envelope.class));
    }

    @Test
    void acceptsTheWellFormedTemplateUsedAbove() {
        String json = "{\"v\":1,\"kid\":\"k\",\"enc\":\"" + Base64Url.encode(KEYS.publicKey()) + "\",\"ct\":\""
                + Base64Url.encode(new byte[1024 + 16]) + "\"}";
        assertEquals("k", Envelope.parse(json).kid());
    }

    @Test
    void base64UrlIsStrict() {
        assertArrayEquals(new byte[] { (byte) 0xfb, (byte) 0xff }, Base64Url.decode("-_8"));
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode("-_8="));
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode("-_9"));
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode("A"));
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode("+/8"));
    }
}
