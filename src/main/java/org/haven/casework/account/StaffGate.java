package org.haven.casework.account;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.haven.web.HavenConfig;
import org.haven.web.ProblemMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The door to everything under {@code /casework}: a full session (password and second factor, not idle,
 * not signed out everywhere), the right role for admin routes, and for every state-changing request a
 * same-origin check plus the session's CSRF token in the {@code X-CSRF-Token} header.
 *
 * <p>Only the sign-in steps and first-admin setup are open; they are checked for same origin, and the
 * SameSite=Strict cookie keeps other sites from riding on a session.
 */
public class StaffGate {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OPEN_PATHS = Set.of("/casework/login", "/casework/login/second-factor",
            "/casework/login/enrol", "/casework/setup");

    private final StaffAuth auth;
    private final CurrentStaff current;
    private final StaffCookie cookie;

    public StaffGate(StaffAuth auth, CurrentStaff current, HavenConfig config) {
        this.auth = auth;
        this.current = current;
        this.cookie = new StaffCookie(config.staff().secureCookie());
    }

    // Before routing, so that nothing about a route (a 404, 405 or 415) answers anyone who has not signed in,
    // and a cross-site request is refused whatever its content type.
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    public Uni<Response> gate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/casework") && !path.startsWith("/casework/")) {
            return Uni.createFrom().nullItem();
        }
        boolean safe = SAFE_METHODS.contains(request.getMethod());
        if (!safe && !sameOrigin(request)) {
            return Uni.createFrom().item(problem(403, "Cross-site request refused"));
        }
        if (OPEN_PATHS.contains(path)) {
            return Uni.createFrom().nullItem();
        }
        Cookie session = request.getCookies().get(cookie.name());
        return auth.authenticate(session == null ? null : session.getValue()).map(principal -> {
            if (principal == null) {
                return safe && !path.startsWith("/casework/api/")
                        ? Response.seeOther(URI.create("/casework/login")).build()
                        : problem(401, "Sign in first");
            }
            if (isAdminRoute(path) && !principal.isAdmin()) {
                return problem(403, "Not allowed for your role");
            }
            if (!safe && !tokenMatches(request.getHeaderString(CSRF_HEADER), principal.csrfToken())) {
                return problem(403, "Missing or wrong CSRF token");
            }
            current.set(principal);
            return null;
        });
    }

    static boolean isAdminRoute(String path) {
        return path.startsWith("/casework/admin") || path.startsWith("/casework/api/admin/");
    }

    /**
     * Browsers say where a request comes from; anything they mark cross-site is refused. Sec-Fetch-Site decides
     * where it is sent; otherwise a named Origin must be ours. (With Referrer-Policy no-referrer, browsers send
     * {@code Origin: null} even for same-origin form posts, so "null" alone proves nothing either way.) Haven's
     * pages send no Referer, so a Referer naming another origin can only come from someone else's page.
     */
    private static boolean sameOrigin(ContainerRequestContext request) {
        String site = request.getHeaderString("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String host = request.getHeaderString("Host");
        String origin = request.getHeaderString("Origin");
        if (origin != null && !origin.equals("null")) {
            return isOurs(origin, host);
        }
        String referer = request.getHeaderString("Referer");
        return referer == null || isOurs(originOf(referer), host);
    }

    private static boolean isOurs(String origin, String host) {
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** The scheme, host and port of a URL, as an Origin header would name them; "" if it has none. */
    private static String originOf(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return "";
            }
            return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean tokenMatches(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Response problem(int status, String title) {
        return ProblemMapper.respond(status, title, null);
    }
}
