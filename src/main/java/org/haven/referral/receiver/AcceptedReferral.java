package org.haven.referral.receiver;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A referral the receiver accepted: the {@code Idempotency-Key} it came with, the force reference it was answered
 * with, the file holding the document, the request's {@code Content-Digest} and when it arrived.
 */
public record AcceptedReferral(String idempotencyKey, String reference, Path file, String contentDigest,
        Instant received) {
}
