package org.haven.referral.receiver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.haven.crypto.ContentDigest;
import org.haven.crypto.Envelope;
import org.haven.crypto.EnvelopeException;
import org.haven.crypto.Envelopes;
import org.haven.crypto.MessageSignatureException;
import org.haven.crypto.MessageSignatures;
import org.haven.crypto.Purpose;
import org.haven.referral.document.ReferralRequestBody;
import org.haven.referral.document.ReferralSchema;

/**
 * The checks of docs/referral.md section 4, in its order, for one POST that reached the endpoint: the
 * Content-Digest matches the body (else 400), the signature verifies under Haven's pinned key with
 * {@code created} within five minutes (else 401), a known Idempotency-Key gets its first answer again, the
 * envelope is for this force's key and opens (else 400), the document passes the schema (else 422), the files
 * are exactly those the document lists and open as cleaned images (else 400, section 7); only then is it recorded
 * (201). Logs say which rule failed, never what the document says.
 */
final class DeliveryCheck {

    private static final System.Logger LOG = System.getLogger(ReferenceReceiver.class.getName());
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final byte[] havenKey;
    private final ForceKey forceKey;
    private final ReceivedReferrals referrals;
    private final Clock clock;

    DeliveryCheck(byte[] havenKey, ForceKey forceKey, ReceivedReferrals referrals, Clock clock) {
        this.havenKey = havenKey.clone();
        this.forceKey = forceKey;
        this.referrals = referrals;
        this.clock = clock;
    }

    /**
     * @param targetUri the endpoint URL as Haven is configured with it (what {@code @target-uri} covers)
     * @param boundary the multipart boundary of a request with files (section 7), or null for a version 1 body
     */
    Answer receive(String targetUri, Headers headers, byte[] body, String boundary) throws IOException {
        List<String> keys = headers.get("Idempotency-Key");
        if (keys == null || keys.size() != 1 || !UUID.matcher(keys.get(0).strip()).matches()) {
            return reject(400, "Idempotency-Key must be one UUID");
        }
        String idempotencyKey = keys.get(0).strip().toLowerCase(Locale.ROOT);
        String digest = combined(headers, "Content-Digest");
        if (digest == null || !ContentDigest.matches(digest, body)) {
            return reject(400, "Content-Digest is missing or does not match the body");
        }
        try {
            MessageSignatures.verify(new MessageSignatures.Request("POST", targetUri, digest, keys.get(0)),
                    new MessageSignatures.Headers(combined(headers, "Signature-Input"), combined(headers, "Signature")),
                    havenKey, clock.instant(), MessageSignatures.DEFAULT_TOLERANCE);
        } catch (MessageSignatureException e) {
            return reject(401, "signature: " + e.getMessage());
        }

        Optional<AcceptedReferral> earlier = referrals.find(idempotencyKey);
        if (earlier.isPresent()) {
            return duplicate(earlier.get(), digest);
        }

        List<ReferralRequestBody.File> files = List.of();
        byte[] envelopeBytes = body;
        if (boundary != null) {
            try {
                ReferralRequestBody.Parsed parsed = ReferralRequestBody.parse(boundary, body);
                files = parsed.files();
                envelopeBytes = parsed.envelope().getBytes(StandardCharsets.UTF_8);
            } catch (ReferralRequestBody.MalformedException e) {
                return reject(400, "the multipart body: " + e.getMessage());
            }
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(utf8(envelopeBytes));
        } catch (EnvelopeException | CharacterCodingException e) {
            return reject(400, "the body is not a Haven envelope");
        }
        if (!envelope.kid().equals(forceKey.kid())) {
            return reject(400, "the envelope is sealed to " + envelope.kid() + ", not to this receiver's key "
                    + forceKey.kid());
        }
        byte[] plaintext;
        try {
            plaintext = Envelopes.open(envelope, Purpose.REFERRAL, forceKey.privateKey());
        } catch (EnvelopeException e) {
            return reject(400, "the envelope does not open as a referral with this receiver's key");
        }

        JsonNode document;
        try {
            document = STRICT_JSON.readTree(plaintext);
        } catch (IOException e) {
            // The parser's message quotes the document; it is not logged or answered.
            LOG.log(System.Logger.Level.INFO, "rejected 422: the document is not JSON");
            return Answer.violations(List.of(""));
        }
        List<String> pointers = ReferralSchema.check(document, ReferralSchema.today()).stream()
                .map(ReferralSchema.Violation::path).toList();
        if (!pointers.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "rejected 422: schema violations at {0}", pointers.stream()
                    .map(pointer -> pointer.isEmpty() ? "(the whole document)" : pointer).toList());
            return Answer.violations(pointers);
        }

        List<EvidenceCheck.Opened> opened;
        try {
            opened = EvidenceCheck.open(document, files, forceKey);
        } catch (EvidenceCheck.Refused e) {
            return reject(400, e.getMessage());
        }

        ReceivedReferrals.Outcome outcome = referrals.accept(idempotencyKey, digest, document, opened);
        AcceptedReferral accepted = outcome.referral();
        if (!outcome.recorded()) {
            return duplicate(accepted, digest);
        }
        LOG.log(System.Logger.Level.INFO, "accepted {0} (Idempotency-Key {1}) into {2}", accepted.reference(),
                idempotencyKey, accepted.file().getFileName());
        return Answer.created(accepted.reference());
    }

    private static Answer duplicate(AcceptedReferral earlier, String digest) {
        if (!earlier.contentDigest().equals(digest)) {
            // docs/referral.md: a retry carries the same body. Answered as the first time all the same.
            LOG.log(System.Logger.Level.WARNING, "Idempotency-Key {0} came again with a different body",
                    earlier.idempotencyKey());
        }
        LOG.log(System.Logger.Level.INFO, "duplicate Idempotency-Key {0}: answered {1} again, nothing recorded",
                earlier.idempotencyKey(), earlier.reference());
        return Answer.created(earlier.reference());
    }

    private static Answer reject(int status, String reason) {
        LOG.log(System.Logger.Level.INFO, "rejected {0}: {1}", status, reason);
        return Answer.error(status, reason);
    }

    /** RFC 9110 section 5.3: several lines of one field are one value joined by commas. */
    private static String combined(Headers headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    private static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    }
}
