package org.haven.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 9421 HTTP Message Signatures as docs/referral.md section 4 fixes them: label {@code haven}, Ed25519, over
 * exactly {@code "@method" "@target-uri" "content-digest" "idempotency-key"} in that order, with the parameters
 * {@code created}, {@code keyid} and {@code alg}. Haven signs with {@link #sign}; a force verifies with
 * {@link #verify}, which refuses anything else a {@code Signature-Input} could say (other components, another
 * order, extra parameters), so there is one way to be accepted.
 */
public final class MessageSignatures {

    public static final String LABEL = "haven";
    public static final String ALG = "ed25519";
    public static final List<String> COMPONENTS = List.of("@method", "@target-uri", "content-digest", "idempotency-key");
    /** docs/referral.md: {@code created} may be this far either side of the verifier's clock. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final Set<String> PARAMETERS = Set.of("created", "keyid", "alg");

    private MessageSignatures() {
    }

    /**
     * What the signature covers: the method, the endpoint URL exactly as Haven has it configured, and the values
     * of the {@code Content-Digest} and {@code Idempotency-Key} headers.
     */
    public record Request(String method, String targetUri, String contentDigest, String idempotencyKey) {

        private Map<String, String> components() {
            Map<String, String> components = new LinkedHashMap<>();
            components.put("@method", method);
            components.put("@target-uri", targetUri);
            components.put("content-digest", fieldValue(contentDigest));
            components.put("idempotency-key", fieldValue(idempotencyKey));
            return components;
        }
    }

    /** The two header values, without the header names. */
    public record Headers(String signatureInput, String signature) {
    }

    /** Signs {@code request} with {@code key}, {@code created} truncated to the second. */
    public static Headers sign(Request request, SigningKeyPair key, Instant created) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("created", created.getEpochSecond());
        params.put("keyid", key.keyId());
        params.put("alg", ALG);
        List<StructuredFields.Item> items = new ArrayList<>();
        for (String component : COMPONENTS) {
            items.add(new StructuredFields.Item(component, Map.of()));
        }
        String signatureParams = StructuredFields.serialize(new StructuredFields.InnerList(items, params));
        byte[] signature = key.sign(signatureBase(request.components(), signatureParams));
        return new Headers(LABEL + "=" + signatureParams,
                LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
    }

    /**
     * Verifies the {@code haven} signature of {@code request} under the pinned Ed25519 {@code publicKey}:
     * exactly the four components in order, exactly {@code created}, {@code keyid} and {@code alg}, the key id of
     * {@code publicKey}, {@code alg="ed25519"}, {@code created} within {@code tolerance} of {@code now}, and a
     * valid signature. Other labels in either header are ignored.
     *
     * @throws MessageSignatureException naming the first rule broken
     */
    public static void verify(Request request, Headers headers, byte[] publicKey, Instant now, Duration tolerance) {
        StructuredFields.InnerList input = signatureInput(headers.signatureInput());
        List<String> covered = new ArrayList<>();
        for (StructuredFields.Item item : input.items()) {
            if (!(item.value() instanceof String name) || !item.params().isEmpty()) {
                throw new MessageSignatureException("covered components must be plain component names");
            }
            covered.add(name);
        }
        if (!covered.equals(COMPONENTS)) {
            throw new MessageSignatureException("covered components must be exactly " + COMPONENTS);
        }
        Map<String, Object> params = input.params();
        if (!params.keySet().equals(PARAMETERS)) {
            throw new MessageSignatureException("signature parameters must be exactly created, keyid and alg");
        }
        if (!ALG.equals(params.get("alg"))) {
            throw new MessageSignatureException("alg must be \"" + ALG + "\"");
        }
        if (!KeyIds.signingKey(publicKey).equals(params.get("keyid"))) {
            throw new MessageSignatureException("keyid is not the pinned key");
        }
        if (!(params.get("created") instanceof Long created)) {
            throw new MessageSignatureException("created must be an integer");
        }
        if (Math.abs(now.getEpochSecond() - created) > tolerance.getSeconds()) {
            throw new MessageSignatureException("created is outside the tolerated clock skew");
        }
        byte[] base = signatureBase(request.components(), StructuredFields.serialize(input));
        if (!SigningKeyPair.verify(publicKey, base, signatureValue(headers.signature()))) {
            throw new MessageSignatureException("signature does not verify");
        }
    }

    /**
     * The RFC 9421 section 2.5 signature base: one line {@code "<name>": <value>} per covered component, in order,
     * then {@code "@signature-params": <params>}; lines joined by LF, none after the last. The caller gives each
     * component's value already derived (RFC 9421 section 2); values must be printable ASCII.
     */
    static byte[] signatureBase(Map<String, String> components, String signatureParams) {
        StringBuilder base = new StringBuilder();
        for (Map.Entry<String, String> component : components.entrySet()) {
            base.append('"').append(component.getKey()).append("\": ").append(checked(component.getValue()))
                    .append('\n');
        }
        base.append("\"@signature-params\": ").append(checked(signatureParams));
        return base.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StructuredFields.InnerList signatureInput(String header) {
        Object member = member(header, "Signature-Input");
        if (!(member instanceof StructuredFields.InnerList list)) {
            throw new MessageSignatureException("Signature-Input " + LABEL + " must be an inner list");
        }
        return list;
    }

    private static byte[] signatureValue(String header) {
        Object member = member(header, "Signature");
        if (!(member instanceof StructuredFields.Item item) || !(item.value() instanceof byte[] signature)
                || signature.length != SigningKeyPair.SIGNATURE_LENGTH) {
            throw new MessageSignatureException("Signature " + LABEL + " must be a 64-byte byte sequence");
        }
        return signature;
    }

    private static Object member(String header, String name) {
        if (header == null) {
            throw new MessageSignatureException(name + " is missing");
        }
        Map<String, Object> members;
        try {
            members = StructuredFields.parseDictionary(header);
        } catch (IllegalArgumentException e) {
            throw new MessageSignatureException(name + " is not a structured field dictionary");
        }
        Object member = members.get(LABEL);
        if (member == null) {
            throw new MessageSignatureException(name + " has no " + LABEL + " signature");
        }
        return member;
    }

    /** RFC 9421 section 2.1: a field's value with leading and trailing whitespace removed. */
    private static String fieldValue(String value) {
        if (value == null) {
            return null;
        }
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    /** A line break or non-ASCII character in a value could forge another line of the base; refuse it. */
    private static String checked(String value) {
        if (value == null) {
            throw new MessageSignatureException("a covered component is missing");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new MessageSignatureException("a covered component is not printable ASCII");
            }
        }
        return value;
    }
}
