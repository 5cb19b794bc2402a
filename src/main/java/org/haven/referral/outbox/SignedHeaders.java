package org.haven.referral.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.haven.referral.ReferralDocuments;
import org.haven.referral.ReferralSigningKey;

/** The Content-Digest and RFC 9421 signature headers of one delivery (docs/referral.md §4). */
record SignedHeaders(String contentDigest, String signatureInput, String signature) {

    static SignedHeaders sign(ReferralSigningKey key, String method, String targetUri, byte[] body, String idempotencyKey,
            long created) {
        String digest = "sha-256=:" + Base64.getEncoder().encodeToString(ReferralDocuments.sha256(body)) + ":";
        String params = "(\"@method\" \"@target-uri\" \"content-digest\" \"idempotency-key\");created=" + created
                + ";keyid=\"" + key.keyId() + "\";alg=\"ed25519\"";
        String base = "\"@method\": " + method + "\n"
                + "\"@target-uri\": " + targetUri + "\n"
                + "\"content-digest\": " + digest + "\n"
                + "\"idempotency-key\": " + idempotencyKey + "\n"
                + "\"@signature-params\": " + params;
        byte[] signature = key.sign(base.getBytes(StandardCharsets.UTF_8));
        return new SignedHeaders(digest, "haven=" + params, "haven=:" + Base64.getEncoder().encodeToString(signature) + ":");
    }
}
