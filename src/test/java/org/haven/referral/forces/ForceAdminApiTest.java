package org.haven.referral.forces;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.haven.referral.SigningKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The force registry over real HTTP and PostgreSQL: who may see and change it, the 46 seeded forces, setting an
 * endpoint and key and switching a force on, refusals that say what is wrong and hand back what was typed, the
 * warning when a key changes under queued referrals, and the audit trail.
 */
@QuarkusTest
class ForceAdminApiTest {

    private static final String API = "/casework/api/admin/forces";
    /** Forces this test changes; put back as seeded afterwards, since other tests share the database. */
    private static final List<String> TOUCHED = List.of("dyfed-powys", "north-wales", "gwent");

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    @Inject
    StaffAuth auth;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SigningKeyInfo signingKey;

    @AfterEach
    void restoreForces() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("update police_force set enabled = false, endpoint_url = null,"
                        + " public_key = null, key_id = null, updated_at = null where code = any (?)")) {
            s.setArray(1, c.createArrayOf("text", TOUCHED.toArray()));
            s.executeUpdate();
        }
    }

    @Test
    void caseworkerCannotSeeOrChangeTheRegistryAsAdmin() throws Throwable {
        StaffClient.Session caseworker = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        as(caseworker).get(API).then().statusCode(403);
        as(caseworker).get(API + "/gwent").then().statusCode(403);
        as(caseworker).contentType(ContentType.JSON).body(Map.of("endpointUrl", "https://evil.example/"))
                .post(API + "/gwent").then().statusCode(403);
        as(caseworker).redirects().follow(false).get("/casework/admin/forces").then().statusCode(403);
        as(caseworker).redirects().follow(false).get("/casework/admin/forces/gwent").then().statusCode(403);
        assertNull(column("gwent", "endpoint_url"));

        // Not signed in at all: the API says so, the page sends to sign-in.
        given().get("/casework/api/forces").then().statusCode(401);
        given().redirects().follow(false).get("/casework/admin/forces").then().statusCode(303);
    }

    @Test
    void adminListsTheFortySixSeededForces() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        JsonPath forces = as(admin).get(API).then().statusCode(200).extract().jsonPath();
        assertEquals(46, forces.getList("").size());
        assertTrue(forces.getList("code", String.class).containsAll(List.of("metropolitan", "police-scotland",
                "psni", "british-transport-police", "dyfed-powys")));
        as(admin).get(API + "/gwent").then().statusCode(200).body("name", equalTo("Gwent Police"))
                .body("enabled", equalTo(false)).body("canReceive", equalTo(false));
        as(admin).get(API + "/no-such-force").then().statusCode(404);

        String page = as(admin).get("/casework/admin/forces").then().statusCode(200).extract().asString();
        assertEquals(46, count(Pattern.compile("<tr data-code=\"[a-z-]+\">"), page));
        assertTrue(page.contains("href=\"/casework/admin/forces/dyfed-powys\""));
        // Haven's signing key, for forces to pin.
        assertTrue(page.contains(signingKey.keyId()) && page.contains(signingKey.publicKeyBase64Url()));
        assertTrue(as(admin).get("/casework").then().statusCode(200).extract().asString()
                .contains("href=\"/casework/admin/forces\""));
        as(admin).get("/casework/admin/forces/gwent").then().statusCode(200);
        as(admin).get("/casework/admin/forces/no-such-force").then().statusCode(404);
    }

    @Test
    void forceCanReceiveOnlyOnceItHasEndpointKeyAndIsSwitchedOn() throws Throwable {
        TestStaff adminStaff = TestStaff.create(auth, dataSource, "admin");
        StaffClient.Session admin = adminStaff.signIn(0);
        StaffClient.Session caseworker = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        byte[] key = Hpke.generateKeyPair().publicKey();
        String endpoint = "https://referrals.dyfed-powys.example/haven";

        save(admin, "dyfed-powys", form(endpoint, Base64Url.encode(key), false)).then().statusCode(200)
                .body("changed", equalTo(true)).body("keyChanged", equalTo(false))
                .body("force.canReceive", equalTo(false)).body("force.keyId", equalTo(KeyIds.forceKey(key)));
        assertEquals(false, choice(caseworker, "dyfed-powys").get("canReceive"));

        save(admin, "dyfed-powys", form(endpoint, Base64Url.encode(key), true)).then().statusCode(200)
                .body("force.canReceive", equalTo(true)).body("force.enabled", equalTo(true))
                .body("force.endpointUrl", equalTo(endpoint)).body("force.publicKey", equalTo(Base64Url.encode(key)));
        assertEquals(true, choice(caseworker, "dyfed-powys").get("canReceive"));
        assertEquals(KeyIds.forceKey(key), column("dyfed-powys", "key_id"));
        assertTrue(as(admin).get("/casework/admin/forces").then().statusCode(200).extract().asString()
                .contains(endpoint));

        // Saving the same again changes nothing and is not audited.
        long audited = auditCount(adminStaff.username());
        save(admin, "dyfed-powys", form(endpoint, Base64Url.encode(key), true)).then().statusCode(200)
                .body("changed", equalTo(false));
        assertEquals(audited, auditCount(adminStaff.username()));

        // Switched off, or its key cleared, it can no longer receive.
        save(admin, "dyfed-powys", form(endpoint, "", false)).then().statusCode(200)
                .body("force.canReceive", equalTo(false)).body("force.keyId", equalTo(null));
        assertEquals(false, choice(caseworker, "dyfed-powys").get("canReceive"));
    }

    @Test
    void everyChangeIsAuditedUnderTheAdminsName() throws Throwable {
        TestStaff adminStaff = TestStaff.create(auth, dataSource, "admin");
        StaffClient.Session admin = adminStaff.signIn(0);
        assertEquals(0, auditCount(adminStaff.username()));
        save(admin, "gwent", form("https://gwent.example/in", "", false)).then().statusCode(200);
        save(admin, "gwent", form("https://gwent.example/in2", "", false)).then().statusCode(200);
        assertEquals(2, auditCount(adminStaff.username()));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*) from audit_entry where actor = ?"
                        + " and action = 'FORCE_CHANGED' and report_id is null and detail = 'force=gwent'")) {
            s.setString(1, adminStaff.username());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(2, r.getLong(1));
            }
        }
        // A refused change is not a change.
        save(admin, "gwent", form("https://gwent.example/#x", "", false)).then().statusCode(400);
        assertEquals(2, auditCount(adminStaff.username()));
    }

    @Test
    void rejectsBadEndpointAndKeyAndHandsBackWhatWasTyped() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        String badUrl = "https://someone:secret@north-wales.example/in";
        String badKey = "not-a-public-key";
        JsonPath problem = save(admin, "north-wales", form(badUrl, badKey, true)).then().statusCode(400)
                .contentType("application/problem+json").extract().jsonPath();
        assertEquals(List.of("endpointUrl", "publicKey"), problem.getList("errors.field", String.class));
        assertTrue(problem.getString("errors[0].message").contains("user name or password"));
        assertTrue(problem.getString("errors[1].message").contains("not a public key"));
        assertEquals(badUrl, problem.getString("values.endpointUrl"));
        assertEquals(badKey, problem.getString("values.publicKey"));
        assertEquals(true, problem.getBoolean("values.enabled"));
        assertNull(column("north-wales", "endpoint_url"), "nothing is stored from a refused form");

        save(admin, "north-wales", form("north-wales.example/in", "", false)).then().statusCode(400)
                .body("errors[0].field", equalTo("endpointUrl"))
                .body("errors[0].message", equalTo("The address must start with https://, so that referrals travel encrypted."));
        save(admin, "no-such-force", form("https://x.example/", "", false)).then().statusCode(404);
        save(admin, "no-such-force", form("not a url", "", false)).then().statusCode(404);
        as(admin).contentType(ContentType.JSON).body("not json").post(API + "/north-wales").then().statusCode(400);
        as(admin).contentType(ContentType.JSON).body("{\"enabled\": \"perhaps\"}").post(API + "/north-wales")
                .then().statusCode(400);
    }

    @Test
    void cannotSwitchOnWithoutBothEndpointAndKey() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        String key = Base64Url.encode(Hpke.generateKeyPair().publicKey());
        save(admin, "north-wales", form("https://north-wales.example/in", "", true)).then().statusCode(400)
                .body("errors.field", equalTo(List.of("enabled")));
        save(admin, "north-wales", form("", key, true)).then().statusCode(400)
                .body("errors.field", equalTo(List.of("enabled")));
        assertEquals("false", column("north-wales", "enabled"));
    }

    @Test
    void plainHttpEndpointIsAcceptedOnlyBecauseTestsAllowIt() throws Throwable {
        // %test.haven.referral.allow-plain-http=true, for the reference receiver; the rule itself is in ForceFormTest.
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        save(admin, "gwent", form("http://127.0.0.1:8093/referrals", "", false)).then().statusCode(200)
                .body("force.endpointUrl", equalTo("http://127.0.0.1:8093/referrals"));
    }

    @Test
    void changingTheKeyWarnsAboutReferralsQueuedUnderTheOldKey() throws Throwable {
        TestStaff adminStaff = TestStaff.create(auth, dataSource, "admin");
        StaffClient.Session admin = adminStaff.signIn(0);
        String endpoint = "https://gwent.example/referrals";
        byte[] oldKey = Hpke.generateKeyPair().publicKey();
        byte[] newKey = Hpke.generateKeyPair().publicKey();
        save(admin, "gwent", form(endpoint, Base64Url.encode(oldKey), true)).then().statusCode(200)
                .body("keyChanged", equalTo(false));
        String oldKid = KeyIds.forceKey(oldKey);
        UUID referral = queueReferral("gwent", oldKid);
        try {
            assertTrue(as(admin).get("/casework/admin/forces/gwent").then().statusCode(200).extract().asString()
                    .contains("id=\"key-change-warning\""));
            save(admin, "gwent", form(endpoint, Base64Url.encode(newKey), true)).then().statusCode(200)
                    .body("keyChanged", equalTo(true)).body("oldKeyId", equalTo(oldKid))
                    .body("queuedForOldKey", equalTo(1)).body("force.keyId", equalTo(KeyIds.forceKey(newKey)));
            assertEquals(1, auditWithDetail(adminStaff.username(), "force=gwent,key-changed"));
        } finally {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("delete from referral where id = ?")) {
                s.setObject(1, referral);
                s.executeUpdate();
            }
        }
        // The warning on the page is there only when the force has a key to change.
        save(admin, "gwent", form(endpoint, "", false)).then().statusCode(200).body("keyChanged", equalTo(true));
        assertFalse(as(admin).get("/casework/admin/forces/gwent").then().statusCode(200).extract().asString()
                .contains("id=\"key-change-warning\""));
    }

    @Test
    void caseworkerListShowsNamesAndReadinessButNoEndpointsOrKeys() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        StaffClient.Session caseworker = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        String endpoint = "https://north-wales.example/secret-path";
        String key = Base64Url.encode(Hpke.generateKeyPair().publicKey());
        save(admin, "north-wales", form(endpoint, key, true)).then().statusCode(200);

        String body = as(caseworker).get("/casework/api/forces").then().statusCode(200).extract().asString();
        JsonPath forces = JsonPath.from(body);
        assertEquals(46, forces.getList("").size());
        for (Map<String, Object> force : forces.<Map<String, Object>>getList("")) {
            assertEquals(Set.of("code", "name", "canReceive"), force.keySet());
        }
        assertFalse(body.contains(endpoint) || body.contains("secret-path") || body.contains(key)
                || body.contains(KeyIds.forceKey(Base64Url.decode(key))), body);
        assertEquals("North Wales Police", choice(caseworker, "north-wales").get("name"));
        assertEquals(true, choice(caseworker, "north-wales").get("canReceive"));
    }

    @Test
    void adminChangesNeedTheCsrfToken() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        given().cookie(StaffClient.COOKIE, admin.cookie()).contentType(ContentType.JSON)
                .body(form("https://gwent.example/", "", false)).post(API + "/gwent").then().statusCode(403);
        given().cookie(StaffClient.COOKIE, admin.cookie()).header("X-CSRF-Token", "wrong").contentType(ContentType.JSON)
                .body(form("https://gwent.example/", "", false)).post(API + "/gwent").then().statusCode(403);
        assertNull(column("gwent", "endpoint_url"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static RequestSpecification as(StaffClient.Session session) {
        return given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf());
    }

    private static io.restassured.response.Response save(StaffClient.Session admin, String code, Map<String, Object> form) {
        return as(admin).contentType(ContentType.JSON).body(form).post(API + "/" + code);
    }

    private static Map<String, Object> form(String endpointUrl, String publicKey, boolean enabled) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("endpointUrl", endpointUrl);
        form.put("publicKey", publicKey);
        form.put("enabled", enabled);
        return form;
    }

    private static Map<String, Object> choice(StaffClient.Session caseworker, String code) {
        return as(caseworker).get("/casework/api/forces").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("").stream().filter(f -> code.equals(f.get("code"))).findFirst()
                .orElseThrow();
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private String column(String code, String column) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select " + column + "::text from police_force where code = ?")) {
            s.setString(1, code);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                return r.getString(1);
            }
        }
    }

    private long auditCount(String actor) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select count(*) from audit_entry where actor = ? and action = 'FORCE_CHANGED'")) {
            s.setString(1, actor);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private long auditWithDetail(String actor, String detail) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from audit_entry where actor = ? and action = 'FORCE_CHANGED' and detail = ?")) {
            s.setString(1, actor);
            s.setString(2, detail);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** A referral waiting in the outbox, sealed (as far as this test cares) to the force key {@code kid}. */
    private UUID queueReferral(String force, String kid) throws Exception {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        // Due tomorrow: a delivery worker running alongside must not pick this stand-in up.
        Timestamp later = Timestamp.from(Instant.now().plusSeconds(86_400));
        StringBuilder reference = new StringBuilder("HVN-");
        for (int i = 0; i < 8; i++) {
            reference.append(i == 4 ? "-" : "").append(CROCKFORD.charAt(RANDOM.nextInt(CROCKFORD.length())));
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("insert into referral (id, reference, force_code, state,"
                    + " document_sha256, staff_copy, proposed_by, created_at, queued_at)"
                    + " values (?, ?, ?, 'queued', ?, '{}', 'test', ?, ?)")) {
                s.setObject(1, id);
                s.setString(2, reference.toString());
                s.setString(3, force);
                s.setBytes(4, new byte[32]);
                s.setTimestamp(5, now);
                s.setTimestamp(6, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("insert into referral_outbox (referral_id, force_kid, body,"
                    + " next_attempt_at, queued_at) values (?, ?, '{}', ?, ?)")) {
                s.setObject(1, id);
                s.setString(2, kid);
                s.setTimestamp(3, later);
                s.setTimestamp(4, now);
                s.executeUpdate();
            }
        }
        return id;
    }
}
