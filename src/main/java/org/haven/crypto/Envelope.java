package org.haven.crypto;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sealed item as stored and sent: {@code {"v":1,"kid":"...","enc":"...","ct":"..."}} ({@code docs/envelope.md}).
 * {@code kid} names the recipient key, {@code enc} is the HPKE encapsulated key and {@code ct} the HPKE
 * ciphertext of the padded plaintext, both base64url without padding. The constructor enforces the format, so an
 * {@code Envelope} instance is always well-formed (it may still fail to open). Jackson binds it with the same
 * strict rules as {@link #parse(String)}.
 */
@JsonPropertyOrder({ "v", "kid", "enc", "ct" })
@JsonDeserialize(using = Envelope.Binding.class)
public record Envelope(int v, String kid, String enc, String ct) {

    public static final int VERSION = 1;
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("v", "kid", "enc", "ct");

    /** @throws MalformedEnvelopeException if any field breaks the format */
    public Envelope {
        if (v != VERSION) {
            throw new MalformedEnvelopeException("envelope: unsupported version");
        }
        if (!isKid(kid)) {
            throw new MalformedEnvelopeException("envelope: bad kid");
        }
        byte[] encBytes = decode(enc, "enc");
        if (!Hpke.isPublicKey(encBytes)) {
            // Checked on the curve too: an envelope nobody can ever open must not be acknowledged as stored.
            throw new MalformedEnvelopeException("envelope: enc must be a 65-byte uncompressed P-256 point");
        }
        byte[] ctBytes = decode(ct, "ct");
        if (!Padding.isBucketSize(ctBytes.length - Hpke.TAG_LENGTH)) {
            throw new MalformedEnvelopeException("envelope: ct length is not a padding bucket plus tag");
        }
    }

    /** @throws MalformedEnvelopeException on anything but exactly the four fields, well-formed */
    public static Envelope parse(String json) {
        return fromTree(StrictJson.read(json, "envelope"));
    }

    private static Envelope fromTree(JsonNode tree) {
        JsonNode node = StrictJson.object(tree, FIELDS, "envelope");
        return new Envelope(
                StrictJson.integer(node, "v", "envelope"),
                StrictJson.text(node, "kid", "envelope"),
                StrictJson.text(node, "enc", "envelope"),
                StrictJson.text(node, "ct", "envelope"));
    }

    /** Canonical JSON; every field is from a JSON-safe alphabet, so no escaping is needed. */
    public String toJson() {
        return "{\"v\":" + v + ",\"kid\":\"" + kid + "\",\"enc\":\"" + enc + "\",\"ct\":\"" + ct + "\"}";
    }

    public static boolean isKid(String kid) {
        return kid != null && KID.matcher(kid).matches();
    }

    private static byte[] decode(String value, String field) {
        try {
            return Base64Url.decode(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("envelope: " + field + " is not base64url");
        }
    }

    static final class Binding extends StrictJson.Binding<Envelope> {
        Binding() {
            super(Envelope.class, Envelope::fromTree);
        }
    }
}
