package org.haven.referral.forces;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What a force endpoint may be: an absolute {@code https://} URL with a host, no user name or password, no
 * fragment, at most 2000 characters of ASCII. Plain {@code http://} only where the configuration allows it
 * (dev and tests, for the reference receiver). The URL is kept exactly as typed (trimmed), because the
 * signature covers it as {@code @target-uri}.
 */
public final class EndpointRule {

    static final int MAX_LENGTH = 2000;

    private final boolean allowPlainHttp;

    public EndpointRule(boolean allowPlainHttp) {
        this.allowPlainHttp = allowPlainHttp;
    }

    /** The message key of what is wrong with {@code url}, or empty when it is a usable endpoint. */
    public Optional<String> problem(String url) {
        if (url.length() > MAX_LENGTH) {
            return Optional.of("forces.error.endpoint-long");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("forces.error.endpoint-form");
        }
        // The scheme as typed, not case-folded: the force sees this exact string in the signature base.
        String scheme = uri.getScheme();
        boolean https = "https".equals(scheme);
        boolean http = "http".equals(scheme);
        if (!https && !(http && allowPlainHttp)) {
            return Optional.of(scheme == null || http || scheme.equalsIgnoreCase("https")
                    ? "forces.error.endpoint-https" : "forces.error.endpoint-form");
        }
        if (uri.isOpaque() || url.chars().anyMatch(c -> c > 0x7e || c < 0x21)) {
            return Optional.of("forces.error.endpoint-form");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("forces.error.endpoint-userinfo");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("forces.error.endpoint-form");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("forces.error.endpoint-fragment");
        }
        return Optional.empty();
    }
}
