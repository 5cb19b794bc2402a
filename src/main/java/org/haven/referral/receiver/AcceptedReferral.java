package org.haven.referral.receiver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A referral the receiver accepted: the {@code Idempotency-Key} it came with, the force reference it was answered
 * with, the file holding the document, the request's {@code Content-Digest}, when it arrived, and the evidence
 * files that came with it (opened; none for most referrals), e.g. {@code CRN-000001-evidence-1.jpg}.
 */
public record AcceptedReferral(String idempotencyKey, String reference, Path file, String contentDigest,
        Instant received, List<Path> evidence) {
}
