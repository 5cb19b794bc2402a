package org.haven.web;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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

    private final boolean hsts;

    public SecurityHeaders(HavenConfig config) {
        this.hsts = config.hsts();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            boolean staffArea = context.request().path().startsWith("/casework");
            context.addHeadersEndHandler(ignored -> apply(context.response(), staffArea));
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
