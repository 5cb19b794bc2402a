package org.haven.referral;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Base64Url;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestReportsBridge;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md promise 3, "no inbound path for police": every HTTP route Haven's code declares is found by
 * reflection and called without a staff session. Only the reviewed public routes may answer at all; none of
 * them, and no staff route, gives out a report id, a referral reference or any report content. A new public
 * route fails this test until it is added to {@link #PUBLIC} on purpose.
 */
@QuarkusTest
class NoInboundRouteTest {

    /** Every route anyone may call without a staff session: the reporter's side and the published signing key. */
    private static final Set<String> PUBLIC = Set.of(
            "GET /", "GET /{lang}", "GET /{lang}/languages", "GET /{lang}/report", "POST /{lang}/report/review", "POST /{lang}/report/edit",
            "POST /{lang}/report/send", "GET /{lang}/mailbox", "POST /{lang}/mailbox", "POST /{lang}/mailbox/consent",
            "POST /{lang}/mailbox/message", "POST /{lang}/mailbox/withdraw", "POST /{lang}/mailbox/withdraw/confirm",
            "GET /api/intake-key", "GET /api/challenge", "POST /api/reports", "POST /api/mailbox", "POST /api/mailbox/consent",
            "POST /api/mailbox/messages", "POST /api/mailbox/withdraw",
            // Reporter uploads (docs/attachments.md): each reaches only an upload whose secret token it carries.
            "GET /api/attachments/limits", "POST /api/attachments", "GET /api/attachments/{id}",
            "PUT /api/attachments/{id}/chunks/{index}", "DELETE /api/attachments/{id}",
            // The evidence step's texts, fetched when a file is picked (docs/attachments.md section 13).
            "GET /{lang}/evidence-strings",
            "GET /referral/v1/signing-key");

    /** Staff sign-in and first-admin setup: open, but they reveal nothing about reports. */
    private static final Set<String> SIGN_IN = Set.of("/casework/login", "/casework/login/second-factor",
            "/casework/login/enrol", "/casework/setup");

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StaffAuth auth;

    record Route(String method, String path) {
        String key() {
            return method + " " + path;
        }
    }

    @Test
    void everyRouteIsEitherReviewedPublicOrClosedWithoutAStaffSession() throws Throwable {
        List<Route> routes = routes();
        assertTrue(routes.size() > 40, "found only " + routes.size() + " routes: is discovery broken?");

        Set<String> publicRoutes = new TreeSet<>();
        for (Route route : routes) {
            if (!route.path().startsWith("/casework")) {
                publicRoutes.add(route.key());
            }
        }
        assertEquals(new TreeSet<>(PUBLIC), publicRoutes, "public routes changed: review them, then update PUBLIC");
        for (String route : publicRoutes) {
            assertFalse(route.contains("referral") && !route.equals("GET /referral/v1/signing-key"),
                    "a public route about referrals: " + route);
        }

        // A real report with a queued referral, so any leak would show its id, reference or ciphertext.
        Db db = new Db(dataSource);
        TestForces.enable(dataSource, "dorset", "http://127.0.0.1:9/referrals");
        StaffClient.Session staff = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        String token = TestReportsBridge.submit(demoKey, "inbound route probe " + UUID.randomUUID());
        String reportId = db.text("select id::text from report where token_hash = ?", receiptTokens.hash(Base64Url.decode(token)));
        Response proposed = given().cookie(StaffClient.COOKIE, staff.cookie()).header("X-CSRF-Token", staff.csrf())
                .contentType(ContentType.JSON).body(Map.of("draft", Map.of("force", "dorset",
                        "event", Map.of("category", "bicycle-theft", "account", "A bicycle was taken."),
                        "location", Map.of("precision", "force"))))
                .post("/casework/api/reports/" + reportId + "/referrals");
        assertEquals(201, proposed.statusCode(), proposed.asString());
        String referralId = proposed.path("id");
        String reference = proposed.path("reference");
        String ciphertext = db.text("select envelope from report where id = ?::uuid", reportId);
        String ctStart = ciphertext.substring(ciphertext.indexOf("\"ct\":\"") + 6).substring(0, 24);
        TestForces.disable(dataSource, "dorset");

        List<String> leaks = new ArrayList<>();
        for (Route route : routes) {
            String path = route.path().replace("{lang}", "en").replace("{id}", reportId)
                    .replace("{referral}", referralId).replace("{accountId}", UUID.randomUUID().toString())
                    .replace("{code}", "dorset").replace("{attachment}", UUID.randomUUID().toString())
                    .replace("{index}", "0");
            // The kind of question a police force might ask, sent to every route.
            Map<String, Object> query = Map.of("reference", reference, "id", reportId, "reportId", reportId,
                    "token", token);
            Response response = call(route.method(), path, query);
            String body = response.asString();
            for (String secret : List.of(reportId, referralId, reference, ctStart)) {
                if (body.contains(secret)) {
                    leaks.add(route.key() + " answered " + response.statusCode() + " with " + secret);
                }
            }
            boolean open = PUBLIC.contains(route.key()) || SIGN_IN.contains(route.path());
            if (!open) {
                int status = response.statusCode();
                boolean closed = status == 401 || status == 403
                        || (status == 303 && response.header("Location").endsWith("/casework/login"));
                assertTrue(closed, route.key() + " answered " + status + " without a staff session");
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static Response call(String method, String path, Map<String, Object> query) {
        var request = given().redirects().follow(false);
        if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")) {
            query.forEach((name, value) -> request.queryParam(name, value));
            return request.request(method, path);
        }
        if (path.startsWith("/api/") || path.startsWith("/casework/api/")) {
            return request.contentType(ContentType.JSON).body(query).request(method, path);
        }
        request.contentType(ContentType.URLENC);
        query.forEach((name, value) -> request.formParam(name, value));
        return request.request(method, path);
    }

    /** Every resource method in Haven's compiled classes, with its full path template. */
    static List<Route> routes() throws IOException {
        Path classes = Path.of("target/classes");
        List<Route> routes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("org/haven"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, NoInboundRouteTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    routes.add(new Route(verb, join(base.value(), sub == null ? "" : sub.value())));
                }
            }
        }
        return routes;
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        if (method.isAnnotationPresent(DELETE.class)) {
            return "DELETE";
        }
        if (method.isAnnotationPresent(PATCH.class)) {
            return "PATCH";
        }
        return method.isAnnotationPresent(HEAD.class) ? "HEAD" : null;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
