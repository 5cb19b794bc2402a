package org.haven.web;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Headers every Haven response carries, set at the HTTP layer so static files and error pages get them
 * too. Reporter pages may load nothing from another origin and run no inline script or style; nothing is
 * cached, so a shared or seized phone keeps no copy of what was typed or read.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'");

    static final String PERMISSIONS_POLICY = String.join(", ",
            "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "interest-cohort=()",
            "browsing-topics=()");

    /** A v3 onion service name: 56 base32 characters (RFC 4648 alphabet, lower case) and {@code .onion}. */
    private static final Pattern ONION_ADDRESS = Pattern.compile("[a-z2-7]{56}\\.onion");

    private final boolean hsts;
    private final Optional<String> onionAddress;

    public SecurityHeaders(HavenConfig config) {
        this.hsts = config.hsts();
        this.onionAddress = config.onionAddress().map(SecurityHeaders::checkedOnionAddress);
    }

    /** The configured onion address, or a start-up failure naming the setting: a typo would send Tor users nowhere. */
    static String checkedOnionAddress(String configured) {
        String address = configured.strip().toLowerCase(Locale.ROOT);
        if (!ONION_ADDRESS.matcher(address).matches()) {
            throw new IllegalStateException("haven.onion-address (HAVEN_ONION_ADDRESS) must be a v3 onion name, "
                    + "56 characters from a-z and 2-7 followed by .onion; got " + address.length() + " characters");
        }
        return address;
    }

    /**
     * {@code Onion-Location} for a reporter page, or empty: never on staff pages (staff sign in over the
     * clearnet address only) and never when the request already came through the onion service.
     */
    static Optional<String> onionLocation(Optional<String> onionAddress, String host, String path, boolean staffArea) {
        if (onionAddress.isEmpty() || staffArea || (host != null && host.toLowerCase(Locale.ROOT).contains(".onion"))) {
            return Optional.empty();
        }
        return Optional.of("http://" + onionAddress.get() + path);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            boolean staffArea = context.request().path().startsWith("/casework");
            Optional<String> onion = onionLocation(onionAddress, context.request().host(), context.request().path(),
                    staffArea);
            context.addHeadersEndHandler(ignored -> {
                apply(context.response(), staffArea);
                onion.ifPresent(location -> context.response().headers().set("Onion-Location", location));
            });
            context.next();
        });
    }

    private void apply(HttpServerResponse response, boolean staffArea) {
        var headers = response.headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Permissions-Policy", PERMISSIONS_POLICY);
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.set("X-Robots-Tag", "noindex, nofollow");
        // Static files revalidate by ETag; everything else (pages, API answers) is never stored.
        if (!headers.contains("Cache-Control") || !isStatic(headers.get("Content-Type"))) {
            headers.set("Cache-Control", "no-store");
        }
        if (!staffArea) {
            // Reporter pages never set a cookie, whatever a later change or a library tries.
            headers.remove("Set-Cookie");
        }
        if (hsts) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    private static boolean isStatic(String contentType) {
        return contentType != null && (contentType.startsWith("text/javascript")
                || contentType.startsWith("application/javascript") || contentType.startsWith("text/css")
                || contentType.startsWith("image/") || contentType.startsWith("font/"));
    }
}
