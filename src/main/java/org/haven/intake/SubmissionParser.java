package org.haven.intake;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.EnvelopeException;
import org.haven.crypto.Hpke;
import org.haven.crypto.ReceiptKeys;
import org.haven.intake.attachment.AttachmentClaim;
import org.haven.intake.attachment.AttachmentClaims;
import org.haven.web.HavenConfig;
import org.haven.web.Problem;

/**
 * Checks the shape of what report.js and mailbox.js send before anything is stored: known fields only,
 * sizes, encodings, and an envelope that parses. Each refusal says which field is wrong.
 */
@ApplicationScoped
public class SubmissionParser {

    static final Pattern SUBMISSION_KEY = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final Set<String> FIELDS =
            Set.of("submissionKey", "envelope", "mailboxPublicKey", "mailboxWrappedKey", "token", "consent",
                    "challenge", "solution", "attachments");
    private static final Set<String> ENVELOPE_FIELDS = Set.of("v", "kid", "enc", "ct");
    private static final Set<String> WRAPPED_FIELDS = Set.of("alg", "iter", "salt", "iv", "ct");
    private static final int TOKEN_BYTES = 32;
    private static final int PUBLIC_KEY_BYTES = 65;

    private final int maxEnvelopeBytes;
    private final AttachmentClaims attachments;

    public SubmissionParser(HavenConfig config, AttachmentClaims attachments) {
        this.maxEnvelopeBytes = config.intake().maxEnvelopeBytes();
        this.attachments = attachments;
    }

    public SealedReport parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("Expected a JSON object.");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw Problem.badRequest("Unknown field " + (name.length() > 40 ? "(long name)" : name) + ".");
            }
        }
        String submissionKey = text(body, "submissionKey");
        if (!SUBMISSION_KEY.matcher(submissionKey).matches()) {
            throw Problem.badRequest("submissionKey must be 22 to 64 base64url characters.");
        }
        JsonNode envelopeNode = body.get("envelope");
        if (envelopeNode == null || !envelopeNode.isObject()) {
            throw Problem.badRequest("envelope must be an object.");
        }
        String ct = envelopeNode.path("ct").asText("");
        if (ct.length() > maxEnvelopeBytes * 4L / 3 + 4) {
            throw new Problem(413, "Too large", "The sealed report is larger than this service accepts.");
        }
        Envelope envelope = envelopeOf(envelopeNode);
        byte[] mailboxPublicKey = bytes(body, "mailboxPublicKey", PUBLIC_KEY_BYTES);
        if (!Hpke.isPublicKey(mailboxPublicKey)) {
            throw Problem.badRequest("mailboxPublicKey must be an uncompressed P-256 point.");
        }
        JsonNode wrapped = body.get("mailboxWrappedKey");
        if (wrapped == null || !wrapped.isObject()) {
            throw Problem.badRequest("mailboxWrappedKey must be an object.");
        }
        String wrappedJson = wrappedKeyOf(wrapped).toJson();
        Consent consent = Consent.fromCode(text(body, "consent"))
                .orElseThrow(() -> Problem.badRequest("consent must be one of police, record, talk."));
        return new SealedReport(submissionKey, envelope, mailboxPublicKey, wrappedJson,
                bytes(body, "token", TOKEN_BYTES), consent, attachments(body));
    }

    /** Builds the envelope from the parsed body directly (its constructor checks every field). */
    private static Envelope envelopeOf(JsonNode node) {
        if (!hasExactly(node, ENVELOPE_FIELDS) || !node.get("v").isInt()) {
            throw Problem.badRequest("envelope is malformed.");
        }
        try {
            return new Envelope(node.get("v").intValue(), textOf(node, "kid"), textOf(node, "enc"), textOf(node, "ct"));
        } catch (EnvelopeException | IllegalArgumentException e) {
            throw Problem.badRequest("envelope is malformed.");
        }
    }

    private static ReceiptKeys.WrappedKey wrappedKeyOf(JsonNode node) {
        if (!hasExactly(node, WRAPPED_FIELDS) || !node.get("iter").isInt()) {
            throw Problem.badRequest("mailboxWrappedKey is malformed.");
        }
        try {
            return new ReceiptKeys.WrappedKey(textOf(node, "alg"), node.get("iter").intValue(), textOf(node, "salt"),
                    textOf(node, "iv"), textOf(node, "ct"));
        } catch (EnvelopeException | IllegalArgumentException e) {
            throw Problem.badRequest("mailboxWrappedKey is malformed.");
        }
    }

    private static boolean hasExactly(JsonNode node, Set<String> fields) {
        if (node.size() != fields.size()) {
            return false;
        }
        for (String field : fields) {
            if (!node.has(field)) {
                return false;
            }
        }
        return true;
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.textValue();
    }

    /** An envelope field of a mailbox request. */
    public Envelope envelope(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isObject()) {
            throw Problem.badRequest(field + " must be an envelope.");
        }
        if (node.path("ct").asText("").length() > maxEnvelopeBytes * 4L / 3 + 4) {
            throw new Problem(413, "Too large", "The sealed message is larger than this service accepts.");
        }
        return envelopeOf(node);
    }

    /** The uploads a report or message names, to bind with it (docs/attachments.md section 8). */
    public List<AttachmentClaim> attachments(JsonNode body) {
        return attachments.parse(body.get("attachments"));
    }

    /** The mailbox lookup token of a mailbox request. */
    public byte[] token(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("Expected a JSON object.");
        }
        return bytes(body, "token", TOKEN_BYTES);
    }

    static Response noContentOrNotFound(boolean found) {
        if (!found) {
            throw Problem.notFound();
        }
        return Response.noContent().build();
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw Problem.badRequest(field + " must be a string.");
        }
        return node.asText();
    }

    private static byte[] bytes(JsonNode body, String field, int length) {
        String text = text(body, field);
        byte[] decoded;
        try {
            decoded = Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(field + " must be base64url.");
        }
        if (decoded.length != length) {
            throw Problem.badRequest(field + " must decode to " + length + " bytes.");
        }
        return decoded;
    }
}
