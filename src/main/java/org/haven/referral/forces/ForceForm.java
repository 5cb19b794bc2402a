package org.haven.referral.forces;

import java.util.ArrayList;
import java.util.List;
import org.haven.crypto.Base64Url;
import org.haven.crypto.KeyIds;

/**
 * What an admin typed for one force: the endpoint URL, the force's public key (base64url of the 65-byte
 * uncompressed P-256 point, as its receiver prints it) and whether referrals may go to it. Blank means none.
 * {@link #check} turns it into settings to store, or into errors for the fields, in the order of the form.
 */
public record ForceForm(String endpointUrl, String publicKey, boolean enabled) {

    public static final String ENDPOINT = "endpointUrl";
    public static final String KEY = "publicKey";
    public static final String ENABLED = "enabled";

    /** One field's problem: the field's name and the message key that says what to do. */
    public record FieldError(String field, String key) {
    }

    /** Settings ready to store, or (when {@code errors} is not empty) null settings. */
    public record Checked(ForceSettings settings, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Validated settings; endpoint, key and key id are all null or all set as the admin chose. */
    public record ForceSettings(String endpointUrl, byte[] publicKey, String keyId, boolean enabled) {
    }

    public Checked check(EndpointRule endpointRule) {
        List<FieldError> errors = new ArrayList<>();
        String endpoint = blankToNull(endpointUrl);
        if (endpoint != null) {
            endpointRule.problem(endpoint).ifPresent(key -> errors.add(new FieldError(ENDPOINT, key)));
        }
        String typedKey = blankToNull(publicKey);
        byte[] key = null;
        String keyId = null;
        if (typedKey != null) {
            try {
                key = Base64Url.decode(typedKey);
                keyId = KeyIds.forceKey(key);
            } catch (IllegalArgumentException e) {
                key = null;
                errors.add(new FieldError(KEY, "forces.error.key"));
            }
        }
        if (enabled && (endpoint == null || typedKey == null)) {
            errors.add(new FieldError(ENABLED, "forces.error.enable"));
        }
        return errors.isEmpty() ? new Checked(new ForceSettings(endpoint, key, keyId, enabled), List.of())
                : new Checked(null, List.copyOf(errors));
    }

    private static String blankToNull(String typed) {
        return typed == null || typed.isBlank() ? null : typed.strip();
    }
}
