package org.haven.referral.receiver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.haven.crypto.ContentDigest;
import org.haven.crypto.Envelopes;
import org.haven.crypto.MessageSignatures;
import org.haven.crypto.Purpose;
import org.haven.crypto.SigningKeyPair;

/**
 * One referral request as Haven sends it (docs/referral.md section 4), built field by field so that a test can
 * change any one of them after signing.
 */
record Delivery(String url, byte[] body, String contentType, String idempotencyKey, String contentDigest,
        String signatureInput, String signature) {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code document} sealed to the force key as a referral, signed by {@code haven} now, with a new key. */
    static Delivery of(String url, SigningKeyPair haven, String kid, byte[] forcePublicKey, byte[] document) {
        byte[] body = Envelopes.seal(Purpose.REFERRAL, kid, forcePublicKey, document).toJson()
                .getBytes(StandardCharsets.UTF_8);
        return signed(url, body, UUID.randomUUID().toString(), haven, Instant.now());
    }

    static Delivery signed(String url, byte[] body, String idempotencyKey, SigningKeyPair haven, Instant created) {
        String digest = ContentDigest.of(body);
        MessageSignatures.Headers headers = MessageSignatures.sign(
                new MessageSignatures.Request("POST", url, digest, idempotencyKey), haven, created);
        return new Delivery(url, body, "application/json", idempotencyKey, digest, headers.signatureInput(),
                headers.signature());
    }

    Delivery withBody(byte[] changed) {
        return new Delivery(url, changed, contentType, idempotencyKey, contentDigest, signatureInput, signature);
    }

    Delivery withContentDigest(String changed) {
        return new Delivery(url, body, contentType, idempotencyKey, changed, signatureInput, signature);
    }

    Delivery withSignature(String changedInput, String changedSignature) {
        return new Delivery(url, body, contentType, idempotencyKey, contentDigest, changedInput, changedSignature);
    }

    Delivery withContentType(String changed) {
        return new Delivery(url, body, changed, idempotencyKey, contentDigest, signatureInput, signature);
    }

    Delivery withUrl(String changed) {
        return new Delivery(changed, body, contentType, idempotencyKey, contentDigest, signatureInput, signature);
    }

    HttpResponse<String> send() throws IOException, InterruptedException {
        return send(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        header(request, "Content-Type", contentType);
        header(request, "Idempotency-Key", idempotencyKey);
        header(request, "Content-Digest", contentDigest);
        header(request, "Signature-Input", signatureInput);
        header(request, "Signature", signature);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void header(HttpRequest.Builder request, String name, String value) {
        if (value != null) {
            request.header(name, value);
        }
    }
}
