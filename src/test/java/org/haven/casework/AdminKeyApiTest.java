package org.haven.casework;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.casework.account.StaffAuth;
import org.haven.casework.keys.GrantPlaintext;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.StaffKeys;
import org.haven.intake.DemoIntakeKey;
import org.junit.jupiter.api.Test;

/**
 * The admin's key API over real HTTP and PostgreSQL, with this test playing the admin's browser (keys made
 * and sealed in Java as admin-keys.js does): roles, CSRF, input checks, rotation, grants, revocation and
 * recovery envelopes.
 */
@QuarkusTest
class AdminKeyApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/casework/api/admin/keys";

    @Inject
    StaffAuth auth;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DemoIntakeKey demoKey;

    @Test
    void caseworkerGetsForbiddenOnEveryKeyAdminRoute() throws Throwable {
        StaffClient.Session caseworker = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
        as(caseworker).get(API + "/intake").then().statusCode(403);
        as(caseworker).get(API + "/accounts").then().statusCode(403);
        as(caseworker).get(API + "/recovery").then().statusCode(403);
        as(caseworker).redirects().follow(false).get("/casework/admin/keys").then().statusCode(403);
        as(caseworker).contentType(ContentType.JSON).body("{}").post(API + "/intake").then().statusCode(403);
        as(caseworker).contentType(ContentType.JSON).body("{}").post(API + "/grants").then().statusCode(403);
        as(caseworker).delete(API + "/grants/" + UUID.randomUUID()).then().statusCode(403);
        as(caseworker).delete(API + "/accounts/" + UUID.randomUUID() + "/key").then().statusCode(403);
    }

    @Test
    void adminWithoutCsrfTokenIsRefused() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        given().cookie(StaffClient.COOKIE, admin.cookie()).contentType(ContentType.JSON).body("{}")
                .post(API + "/intake").then().statusCode(403);
        given().cookie(StaffClient.COOKIE, admin.cookie()).header("X-CSRF-Token", "not-the-token")
                .contentType(ContentType.JSON).body("{}").post(API + "/grants").then().statusCode(403);
        given().cookie(StaffClient.COOKIE, admin.cookie()).delete(API + "/grants/" + UUID.randomUUID())
                .then().statusCode(403);
        as(admin).get(API + "/intake").then().statusCode(200);
        as(admin).get("/casework/admin/keys").then().statusCode(200);
    }

    @Test
    void rejectsMalformedRequestsWith400() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        Hpke.KeyPair mine = giveStaffKey(admin);
        Map<String, Object> good = newIntakeKey("org-test-" + shortId(), mine.publicKey(), Hpke.generateKeyPair(),
                Hpke.generateKeyPair()).body();

        postIntake(admin, with(good, "publicKey", "not base64url!")).then().statusCode(400);
        byte[] offCurve = new byte[65];
        offCurve[0] = 0x04;
        postIntake(admin, with(good, "publicKey", Base64Url.encode(offCurve))).then().statusCode(400);
        postIntake(admin, with(good, "recoveryPublicKey", good.get("publicKey"))).then().statusCode(400);
        postIntake(admin, with(good, "kid", DemoIntakeKey.KID_PREFIX + "sneaky")).then().statusCode(400);
        postIntake(admin, with(good, "kid", "has spaces")).then().statusCode(400);
        postIntake(admin, with(good, "grantForMe", Map.of("v", 1))).then().statusCode(400);
        // Sealed to the wrong kind of key: the grant must be addressed to "staff", the recovery copy to "recovery".
        postIntake(admin, with(good, "grantForMe", good.get("recoveryEnvelope"))).then().statusCode(400);
        postIntake(admin, with(good, "recoveryEnvelope", good.get("grantForMe"))).then().statusCode(400);
        postIntake(admin, with(good, "olderRecoveryEnvelopes", "nope")).then().statusCode(400);

        postGrants(admin, Map.of("accountId", "not-a-uuid", "grants", List.of())).then().statusCode(400);
        postGrants(admin, Map.of("accountId", UUID.randomUUID().toString(), "grants", List.of())).then().statusCode(400);
        postGrants(admin, Map.of("accountId", UUID.randomUUID().toString(),
                "grants", List.of(Map.of("kid", "x", "envelope", "{}")))).then().statusCode(400);
        as(admin).contentType(ContentType.JSON).body("not json").post(API + "/grants").then().statusCode(400);
    }

    @Test
    void grantsForUnknownAccountsOrKeysAre404() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        var demo = demoKey.keyFile();
        Map<String, Object> sealed = sealedKey(demo.kid(), Hpke.generateKeyPair().publicKey(), "staff",
                GrantPlaintext.of(demo.privateKeyBytes(), Base64Url.decode(demo.publicKey())));
        postGrants(admin, Map.of("accountId", UUID.randomUUID().toString(), "grants", List.of(sealed)))
                .then().statusCode(404);
        as(admin).delete(API + "/grants/" + UUID.randomUUID()).then().statusCode(404);
        as(admin).delete(API + "/grants/not-an-id").then().statusCode(404);
        as(admin).delete(API + "/accounts/" + UUID.randomUUID() + "/key").then().statusCode(404);

        TestStaff caseworker = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session worker = caseworker.signIn(0);
        Hpke.KeyPair workerKey = giveStaffKey(worker);
        UUID workerId = accountId(caseworker.username());
        Map<String, Object> unknownKid = sealedKey("org-no-such-key", workerKey.publicKey(), "staff", new byte[97]);
        postGrants(admin, Map.of("accountId", workerId.toString(), "grants", List.of(unknownKid))).then().statusCode(404);

        // An account that exists but has no key yet cannot be given one.
        TestStaff keyless = TestStaff.create(auth, dataSource, "caseworker");
        postGrants(admin, Map.of("accountId", accountId(keyless.username()).toString(), "grants", List.of(sealed)))
                .then().statusCode(409);
    }

    @Test
    void newIntakeKeyBecomesActiveIsGrantedAndRevokedAndOpensWithTheRecoveryKey() throws Throwable {
        TestStaff adminStaff = TestStaff.create(auth, dataSource, "admin");
        StaffClient.Session admin = adminStaff.signIn(0);
        TestStaff caseworker = TestStaff.create(auth, dataSource, "caseworker");
        StaffClient.Session worker = caseworker.signIn(0);
        UUID workerId = accountId(caseworker.username());
        try {
            // Without a key of their own, the admin cannot make the organisation's key (nobody could open it).
            Map<String, Object> tooEarly = newIntakeKey("org-test-" + shortId(), Hpke.generateKeyPair().publicKey(),
                    Hpke.generateKeyPair(), Hpke.generateKeyPair()).body();
            postIntake(admin, tooEarly).then().statusCode(409);

            Hpke.KeyPair mine = giveStaffKey(admin);
            Hpke.KeyPair workerKey = giveStaffKey(worker);
            Hpke.KeyPair intake = Hpke.generateKeyPair();
            Hpke.KeyPair recovery = Hpke.generateKeyPair();
            String kid = "org-test-" + shortId();
            NewKey request = newIntakeKey(kid, mine.publicKey(), intake, recovery);
            postIntake(admin, request.body()).then().statusCode(201).body("kid", equalTo(kid));
            postIntake(admin, request.body()).then().statusCode(409);

            given().get("/api/intake-key").then().statusCode(200).body("kid", equalTo(kid))
                    .body("publicKey", equalTo(Base64Url.encode(intake.publicKey())));
            assertEquals(List.of(kid), activeKids(), "exactly one active key: the new one");
            as(admin).get(API + "/intake").then().statusCode(200).body("kid", hasItem(demoKey.keyFile().kid()));

            // The admin's own grant opens with the admin's staff key.
            var myGrants = as(admin).get("/casework/api/keys/mine").then().statusCode(200).extract().jsonPath()
                    .getList("grants", Map.class);
            String myEnvelope = myGrants.stream().filter(g -> kid.equals(g.get("kid"))).findFirst().orElseThrow()
                    .get("envelope").toString();
            assertArrayEquals(GrantPlaintext.of(intake.privateKey(), intake.publicKey()),
                    Envelopes.open(Envelope.parse(myEnvelope), Purpose.GRANT, mine.privateKey()));

            // The recovery copy opens with the recovery private key, which never went to the server.
            var recoveryGrants = as(admin).get(API + "/recovery").then().statusCode(200).extract().jsonPath()
                    .getList("", Map.class);
            String recoveryEnvelope = recoveryGrants.stream()
                    .filter(g -> kid.equals(g.get("kid")) && kid.equals(g.get("recoveryId"))).findFirst().orElseThrow()
                    .get("envelope").toString();
            assertArrayEquals(GrantPlaintext.of(intake.privateKey(), intake.publicKey()),
                    Envelopes.open(Envelope.parse(recoveryEnvelope), Purpose.GRANT, recovery.privateKey()));

            // The caseworker has a key but no grant for the active key: listed as waiting for access.
            Map<String, Object> listed = accountView(admin, workerId);
            assertEquals(false, listed.get("hasActiveGrant"));
            assertEquals(Base64Url.encode(workerKey.publicKey()), listed.get("publicKey"));
            assertEquals("caseworker", listed.get("role"));
            assertEquals(caseworker.username(), listed.get("username"));

            var demo = demoKey.keyFile();
            postGrants(admin, Map.of("accountId", workerId.toString(), "grants", List.of(
                    sealedKey(kid, workerKey.publicKey(), "staff", GrantPlaintext.of(intake.privateKey(), intake.publicKey())),
                    sealedKey(demo.kid(), workerKey.publicKey(), "staff",
                            GrantPlaintext.of(demo.privateKeyBytes(), Base64Url.decode(demo.publicKey()))))))
                    .then().statusCode(200).body("granted", equalTo(2));
            assertEquals(true, accountView(admin, workerId).get("hasActiveGrant"));
            var workerGrants = as(worker).get("/casework/api/keys/mine").then().statusCode(200).extract().jsonPath()
                    .getList("grants.kid", String.class);
            assertTrue(workerGrants.containsAll(List.of(kid, demo.kid())), workerGrants.toString());

            // Granting again replaces, never duplicates.
            postGrants(admin, Map.of("accountId", workerId.toString(), "grants", List.of(sealedKey(kid,
                    workerKey.publicKey(), "staff", GrantPlaintext.of(intake.privateKey(), intake.publicKey())))))
                    .then().statusCode(200);
            assertEquals(2, count("select count(*) from key_grant where account_id = ?", workerId));

            as(admin).delete(API + "/grants/" + workerId).then().statusCode(204);
            assertEquals(0, count("select count(*) from key_grant where account_id = ?", workerId));
            as(worker).get("/casework/api/keys/mine").then().statusCode(200).body("grants.size()", equalTo(0));

            as(admin).delete(API + "/accounts/" + workerId + "/key").then().statusCode(204);
            as(worker).get("/casework/api/keys/mine").then().statusCode(404);

            assertTrue(count("select count(*) from audit_entry where actor = ? and action = 'ROTATE_KEY'", adminStaff.username()) >= 1);
            assertTrue(count("select count(*) from audit_entry where actor = ? and action = 'GRANT'", adminStaff.username()) >= 2);
            assertTrue(count("select count(*) from audit_entry where actor = ? and action = 'REVOKE'", adminStaff.username()) >= 2);
        } finally {
            DemoKeyActive.restore(dataSource, demoKey);
        }
        given().get("/api/intake-key").then().statusCode(200).body("kid", equalTo(demoKey.keyFile().kid()));
    }

    @Test
    void rotationSealsOlderKeysToTheNewRecoveryKey() throws Throwable {
        StaffClient.Session admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
        try {
            Hpke.KeyPair mine = giveStaffKey(admin);
            var demo = demoKey.keyFile();
            Hpke.KeyPair recovery = Hpke.generateKeyPair();
            String kid = "org-test-" + shortId();
            NewKey request = newIntakeKey(kid, mine.publicKey(), Hpke.generateKeyPair(), recovery);
            byte[] demoPlain = GrantPlaintext.of(demo.privateKeyBytes(), Base64Url.decode(demo.publicKey()));
            Map<String, Object> body = with(request.body(), "olderRecoveryEnvelopes",
                    List.of(sealedKey(demo.kid(), recovery.publicKey(), "recovery", demoPlain)));
            postIntake(admin, body).then().statusCode(201);
            var grants = as(admin).get(API + "/recovery").then().statusCode(200).extract().jsonPath()
                    .getList("", Map.class);
            String older = grants.stream().filter(g -> demo.kid().equals(g.get("kid")) && kid.equals(g.get("recoveryId")))
                    .findFirst().orElseThrow().get("envelope").toString();
            assertArrayEquals(demoPlain, Envelopes.open(Envelope.parse(older), Purpose.GRANT, recovery.privateKey()));
        } finally {
            DemoKeyActive.restore(dataSource, demoKey);
        }
    }

    // ---- the admin's browser, played in Java -------------------------------------------------------------

    record NewKey(Map<String, Object> body) {
    }

    private static NewKey newIntakeKey(String kid, byte[] staffPublicKey, Hpke.KeyPair intake, Hpke.KeyPair recovery) {
        byte[] plain = GrantPlaintext.of(intake.privateKey(), intake.publicKey());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kid", kid);
        body.put("publicKey", Base64Url.encode(intake.publicKey()));
        body.put("grantForMe", envelope(Envelopes.seal(Purpose.GRANT, "staff", staffPublicKey, plain)));
        body.put("recoveryPublicKey", Base64Url.encode(recovery.publicKey()));
        body.put("recoveryEnvelope", envelope(Envelopes.seal(Purpose.GRANT, "recovery", recovery.publicKey(), plain)));
        return new NewKey(body);
    }

    private static Map<String, Object> sealedKey(String kid, byte[] publicKey, String recipient, byte[] plain) {
        return Map.of("kid", kid, "envelope", envelope(Envelopes.seal(Purpose.GRANT, recipient, publicKey, plain)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelope(Envelope envelope) {
        try {
            return JSON.readValue(envelope.toJson(), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes and uploads a staff key as inbox.js does at first unlock. */
    private static Hpke.KeyPair giveStaffKey(StaffClient.Session session) throws Exception {
        Hpke.KeyPair pair = Hpke.generateKeyPair();
        Map<String, Object> body = Map.of("publicKey", Base64Url.encode(pair.publicKey()), "wrappedPrivateKey",
                JSON.readValue(StaffKeys.wrap("a test key passphrase", pair.privateKey(), pair.publicKey()).toJson(),
                        Map.class));
        as(session).contentType(ContentType.JSON).body(body).post("/casework/api/keys/mine").then().statusCode(201);
        return pair;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static io.restassured.response.Response postIntake(StaffClient.Session session, Map<String, Object> body) {
        return as(session).contentType(ContentType.JSON).body(body).post(API + "/intake");
    }

    private static io.restassured.response.Response postGrants(StaffClient.Session session, Map<String, Object> body) {
        return as(session).contentType(ContentType.JSON).body(body).post(API + "/grants");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> accountView(StaffClient.Session admin, UUID accountId) {
        List<Map<String, Object>> accounts = as(admin).get(API + "/accounts").then().statusCode(200).extract()
                .jsonPath().getList("", Map.class).stream().map(m -> (Map<String, Object>) m).toList();
        return accounts.stream().filter(a -> accountId.toString().equals(a.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("account not listed: " + accounts));
    }

    private static RequestSpecification as(StaffClient.Session session) {
        return given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- database checks --------------------------------------------------------------------------------

    private UUID accountId(String username) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select id from staff_account where username = ?")) {
            s.setString(1, username);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                return r.getObject(1, UUID.class);
            }
        }
    }

    private List<String> activeKids() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select kid from intake_key where active");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
