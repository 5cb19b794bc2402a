package org.haven.casework.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.EnvelopeException;
import org.haven.intake.DemoIntakeKey;
import org.haven.web.Problem;

/**
 * What an admin's browser sends to {@link AdminKeyApi}, checked for form only: the server cannot open a
 * sealed key, so it checks that public keys are points on P-256 and envelopes are well-formed envelopes
 * addressed the way the browser seals them ({@code "staff"} for a staff key, {@code "recovery"} for a
 * recovery key). Anything else is a 400.
 */
public final class AdminKeyRequests {

    /** The envelope kid of a grant sealed to a staff key (as DemoStaffKeys and inbox.js use). */
    public static final String STAFF_RECIPIENT = "staff";
    /** The envelope kid of an intake key sealed to a recovery key. */
    public static final String RECOVERY_RECIPIENT = "recovery";
    /** Enough for years of rotations; a cap so one request cannot ask for unbounded work. */
    static final int MAX_SEALED_KEYS = 200;
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

    private AdminKeyRequests() {
    }

    /** An intake private key sealed to someone: the intake kid and the envelope, canonical JSON. */
    public record SealedKey(String kid, String envelope) {
    }

    /** A new intake key from the admin's browser, with its first grant and its recovery envelopes. */
    public record NewIntakeKey(String kid, byte[] publicKey, String grantForMe, byte[] recoveryPublicKey,
            String recoveryEnvelope, List<SealedKey> olderRecoveryEnvelopes) {

        static NewIntakeKey parse(JsonNode body) {
            String kid = text(body, "kid");
            if (!Envelope.isKid(kid) || kid.length() > 40 || kid.toLowerCase(Locale.ROOT).startsWith(DemoIntakeKey.KID_PREFIX)
                    || kid.equals(STAFF_RECIPIENT) || kid.equals(RECOVERY_RECIPIENT)) {
                throw Problem.badRequest("kid must be 1 to 40 letters, digits, '-' or '_', and not a demo key id.");
            }
            byte[] publicKey = point(body, "publicKey");
            byte[] recoveryPublicKey = point(body, "recoveryPublicKey");
            if (java.util.Arrays.equals(publicKey, recoveryPublicKey)) {
                throw Problem.badRequest("recoveryPublicKey must differ from publicKey.");
            }
            List<SealedKey> older = sealedKeys(body.path("olderRecoveryEnvelopes"), RECOVERY_RECIPIENT, true);
            if (older.stream().anyMatch(s -> s.kid().equals(kid))) {
                throw Problem.badRequest("olderRecoveryEnvelopes must name older keys only.");
            }
            return new NewIntakeKey(kid, publicKey, envelope(body.path("grantForMe"), "grantForMe", STAFF_RECIPIENT),
                    recoveryPublicKey, envelope(body.path("recoveryEnvelope"), "recoveryEnvelope", RECOVERY_RECIPIENT),
                    older);
        }
    }

    /** Intake keys sealed to one account's staff key. */
    public record NewGrants(UUID accountId, List<SealedKey> grants) {

        static NewGrants parse(JsonNode body) {
            UUID accountId;
            try {
                accountId = UUID.fromString(text(body, "accountId"));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("accountId must be an account id.");
            }
            List<SealedKey> grants = sealedKeys(body.path("grants"), STAFF_RECIPIENT, false);
            return new NewGrants(accountId, grants);
        }
    }

    static UUID accountId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound();
        }
    }

    private static List<SealedKey> sealedKeys(JsonNode list, String recipient, boolean mayBeAbsent) {
        if (list.isMissingNode() && mayBeAbsent) {
            return List.of();
        }
        if (!list.isArray() || (!mayBeAbsent && list.isEmpty()) || list.size() > MAX_SEALED_KEYS) {
            throw Problem.badRequest("Sealed keys must be a list of 1 to " + MAX_SEALED_KEYS + " {kid, envelope}.");
        }
        List<SealedKey> out = new ArrayList<>();
        for (JsonNode item : list) {
            String kid = text(item, "kid");
            if (!Envelope.isKid(kid) || out.stream().anyMatch(s -> s.kid().equals(kid))) {
                throw Problem.badRequest("Each sealed key needs a distinct intake kid.");
            }
            out.add(new SealedKey(kid, envelope(item.path("envelope"), "envelope", recipient)));
        }
        return List.copyOf(out);
    }

    private static String envelope(JsonNode node, String field, String recipient) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(node.isTextual() ? node.asText() : node.toString());
        } catch (EnvelopeException e) {
            throw Problem.badRequest(field + " must be an envelope.");
        }
        if (!envelope.kid().equals(recipient)) {
            throw Problem.badRequest(field + " must be sealed to the \"" + recipient + "\" key.");
        }
        return envelope.toJson();
    }

    private static byte[] point(JsonNode body, String field) {
        try {
            byte[] bytes = Base64Url.decode(text(body, field));
            if (bytes.length == 65 && bytes[0] == 0x04 && P256.getCurve().decodePoint(bytes).isValid()) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // Not base64url or not on the curve: the same answer below.
        }
        throw Problem.badRequest(field + " must be an uncompressed P-256 point, base64url.");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }
}
