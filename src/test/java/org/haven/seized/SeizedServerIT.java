package org.haven.seized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.haven.browser.Chromium;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentOpener;
import org.haven.crypto.AttachmentSealer;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;
import org.haven.crypto.SigningKeyPair;
import org.haven.intake.MessagePlaintext;
import org.haven.referral.TestForces;
import org.haven.referral.receiver.ReferenceReceiver;
import org.haven.testing.ProdJar;
import org.haven.testing.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seized server (issue 8): the production jar, on its own embedded PostgreSQL, goes through every feature
 * Haven has today with a unique canary in every free-text answer, message, reply, note and referral field, and a
 * telltale client (a fake forwarded address, a distinctive User-Agent, an Arabic Accept-Language) on every
 * request. Then everything is seized as someone who takes the machine would: Haven is stopped, every table is
 * dumped, PostgreSQL is stopped, and Haven's log, Haven's working and temporary directories, the dump and every
 * file of PostgreSQL's data directory (tables, indexes, WAL, and PostgreSQL's own log with every statement
 * logged) are searched byte by byte. None may hold a canary (UTF-8 or UTF-16), a receipt in any spelling, a
 * mailbox lookup token or mailbox private key, the client address, the user agent, or the report's language or
 * crime category, which DESIGN.md ("What the server may know") keeps inside the envelope.
 *
 * <p>The scenario: an English report sealed in headless Chromium (JavaScript on) that consents to police; an
 * Arabic report sent without JavaScript (sealed on the server) that consents to talking only; mailbox sign-in
 * with each receipt (in the browser and without JavaScript); a reporter message each way (sealed by mailbox.js,
 * and by the server); a caseworker, made as an admin would make one, signs in with password and TOTP, reads the
 * inbox, assigns, changes statuses, writes notes and an outcome and replies (sealed as the caseworker's browser
 * seals them); the reporters read the replies; a referral of the English report is screened, signed, sealed and
 * delivered to the reference receiver; both reporters change consent; the Arabic reporter withdraws. An evidence
 * attachment (issue 6) whose file name and content carry canaries is sealed in chunks as the browser will seal it,
 * uploaded and sent with an English mailbox message, and opened from the staff API with the intake key.
 *
 * <p>The police side (the reference receiver's directory) is not Haven's and is not scanned: the referral is
 * meant to arrive there readable, and the test checks that it does.
 */
class SeizedServerIT {

    private static final Path WORK = Path.of("target", "seized").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Only letters, so no canary looks like a phone number or a date to the referral's personal-data screen. */
    private static final String RUN = letters(16);
    private static final String CANARY = "CANARY-" + RUN;
    /** TEST-NET-2 (RFC 5737): never a real client. */
    private static final String ADDRESS = "198.51.100.173";
    private static final String USER_AGENT = "Mozilla/5.0 (Linux; Android 14) SeizedCanaryAgent/" + RUN;
    private static final String ARABIC_LANGUAGES = "ar-SY,ar;q=0.9";
    private static final Pattern RECEIPT = Pattern.compile("data-receipt>([^<]+)<");
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION_KEY = Pattern.compile("name=\"submission_key\" value=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    private static EmbeddedPostgres postgres;
    private static Connection db;
    private static ReferenceReceiver receiver;
    private static Process haven;
    private static ChromeDriver browser;

    private final Hpke.KeyPair intake = Hpke.generateKeyPair();
    private final String kid = "seized-" + RUN.toLowerCase(java.util.Locale.ROOT);
    private final List<byte[]> mailboxPrivateKeys = new ArrayList<>();
    private String base;
    private Path havenLog;

    /** One report as the test follows it: the reporter's side and the caseworker's. */
    private record Filed(String lang, String receipt, Map<String, String> canaries, String crimeType) {
    }

    @AfterAll
    static void stopWhatIsLeft() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (haven != null && haven.isAlive()) {
            haven.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.close();
        }
        if (db != null) {
            db.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aSeizedServerHoldsNoCanaryReceiptTokenClientAddressUserAgentLanguageOrCategory() throws Exception {
        long started = System.nanoTime();
        startEverything();
        Disguised english = new Disguised(base, USER_AGENT, ADDRESS, "en-GB,en;q=0.8");
        Disguised arabic = new Disguised(base, USER_AGENT, ADDRESS, ARABIC_LANGUAGES);

        Filed ar = arabicReportSealedOnTheServer(arabic);
        Filed en = englishReportSealedInChromium();
        String arToken = signInWithoutJavaScript(arabic, ar);
        // Without JavaScript the message carries a file the server cannot clean, sent as it is: the server seals it
        // in memory; its name and content (canaries) may reach no file, log or table in clear.
        byte[] arEvidence = (ar.canaries().get("attachment-content") + "\n").repeat(2000)
                .getBytes(StandardCharsets.UTF_8);
        ok(arabic.postMultipart("/ar/mailbox/message", Map.of("token", arToken, "message", ar.canaries().get("message"),
                "evidence_as_is", "yes"), "evidence", ar.canaries().get("attachment-name"), "text/plain", arEvidence), 200);
        rememberMailboxKey(english, en);
        rememberMailboxKey(arabic, ar);

        Disguised staff = new Disguised(base, USER_AGENT, ADDRESS, "en-GB,en;q=0.8");
        signInNewCaseworker(staff);
        Map<String, JsonNode> cases = inbox(staff, en, ar);
        String enId = cases.get("en").path("id").asText();
        String arId = cases.get("ar").path("id").asText();
        for (Filed filed : List.of(en, ar)) {
            JsonNode report = cases.get(filed.lang());
            String id = report.path("id").asText();
            ok(staff.postJson("/casework/api/reports/" + id + "/viewed", "{}"), 204);
            ok(staff.postJson("/casework/api/reports/" + id + "/assign", "{\"toMe\":true}"), 204);
            assertReporterMessageSealed(staff, id, filed.canaries().get("message"));
            reply(staff, id, Base64Url.decode(report.path("mailboxPublicKey").asText()), filed.canaries().get("reply"));
            note(staff, id, filed.canaries().get("note"), false);
            note(staff, id, filed.canaries().get("outcome"), true);
        }
        ok(staff.postJson("/casework/api/reports/" + enId + "/status", "{\"status\":\"in_review\"}"), 204);
        ok(staff.postJson("/casework/api/reports/" + arId + "/status", "{\"status\":\"waiting\"}"), 204);

        // Evidence: a file whose name and content carry canaries, sealed in chunks and sent with a mailbox message.
        byte[] evidence = (en.canaries().get("attachment-content") + "\n").repeat(8000).getBytes(StandardCharsets.UTF_8);
        String attachmentId = sendAttachment(english, en, Base64Url.decode(cases.get("en").path("mailboxPublicKey")
                .asText()), en.canaries().get("attachment-name"), evidence);
        assertAttachmentOpens(staff, enId, attachmentId, en.canaries().get("attachment-name"), evidence);
        String arAttachmentId = JSON.readTree(ok(staff.get("/casework/api/reports/" + arId + "/attachments"), 200).body())
                .path(0).path("id").asText();
        assertAttachmentOpens(staff, arId, arAttachmentId, ar.canaries().get("attachment-name"), arEvidence);

        // The reporters read the replies: the browser opens its own, the server opens the no-JavaScript one.
        openMailboxInChromium(en.receipt(), en.canaries().get("reply"));
        String arMailbox = postForm(arabic, "/ar/mailbox", Map.of("receipt", ar.receipt())).body();
        assertTrue(arMailbox.contains(ar.canaries().get("reply")), "the no-JavaScript mailbox did not open the reply");

        referToPoliceAndWaitForDelivery(staff, enId, en);
        ok(staff.postJson("/casework/api/reports/" + enId + "/status", "{\"status\":\"referred\"}"), 204);

        // Consent changes: through the JSON API as mailbox.js sends it, and through the no-JavaScript form.
        ok(english.postJson("/api/mailbox/consent", json(Map.of("token", token(en), "consent", "record"))), 204);
        postForm(arabic, "/ar/mailbox/consent", Map.of("token", arToken, "consent", "record"));
        assertEquals("record", single("select consent from report where id = '" + enId + "'"));
        assertEquals("record", single("select consent from report where id = '" + arId + "'"));

        // The Arabic reporter withdraws: report, messages and notes go.
        postForm(arabic, "/ar/mailbox/withdraw", Map.of("token", arToken));
        postForm(arabic, "/ar/mailbox/withdraw/confirm", Map.of("token", arToken));
        assertEquals("0", single("select count(*) from report where id = '" + arId + "'"), "the withdrawn report stayed");
        double scenarioSeconds = (System.nanoTime() - started) / 1e9;

        Seized seized = seize();
        ByteScan scan = needles(List.of(en, ar));
        List<ByteScan.Hit> hits = new ArrayList<>();
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, Path> place : seized.places().entrySet()) {
            long filesBefore = scan.filesScanned();
            long bytesBefore = scan.bytesScanned();
            hits.addAll(scan.scanTree(place.getValue()));
            sizes.put(place.getKey(), new long[] {scan.filesScanned() - filesBefore, scan.bytesScanned() - bytesBefore});
        }
        // Paths with the language in them are the language: the log must not name any reporter path.
        hits.addAll(new ByteScan().text("a reporter path naming the language", "/ar/").scan(havenLog));
        List<String> findings = new ArrayList<>(hits.stream().map(ByteScan.Hit::toString).toList());
        findings.addAll(seized.clearFields());

        System.out.printf("SeizedServerIT: scenario %.1f s, seizure and search %.1f s; %d needles over %d files, "
                + "%.1f MB%n", scenarioSeconds, (System.nanoTime() - started) / 1e9 - scenarioSeconds,
                scan.needleCount(), scan.filesScanned(), scan.bytesScanned() / 1e6);
        sizes.forEach((place, size) -> System.out.printf("  %-26s %5d files %10d bytes%n", place, size[0], size[1]));
        assertEquals(List.of(), findings, "the seized server gives something away");
    }

    // ---- the reporters ----

    private Filed englishReportSealedInChromium() {
        Map<String, String> canaries = canaries("en", "when_note", "where_place", "offender_description", "vehicles",
                "harm_details", "account", "message", "reply", "note", "outcome", "attachment-name", "attachment-content",
                "referral-account",
                "referral-place", "referral-offender", "referral-vehicles");
        browser = Chromium.start(true);
        // Every request the page makes, fetches included, carries the telltale client, as behind a proxy.
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setUserAgentOverride", Map.of("userAgent", USER_AGENT,
                "acceptLanguage", "en-GB,en;q=0.8"));
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", ADDRESS,
                "X-Real-IP", ADDRESS, "Forwarded", "for=\"" + ADDRESS + "\";proto=https")));
        browser.get(base + "/en/report");
        choose("crime_type-robbery");
        choose("role-victim");
        choose("when_kind-exact");
        browser.executeScript("document.getElementById('when_date').value = arguments[0]",
                LocalDate.now().minusDays(3).toString());
        choose("when_time-evening");
        for (String field : List.of("when_note", "where_place", "offender_description", "vehicles", "harm_details",
                "account")) {
            browser.findElement(By.id(field)).sendKeys(canaries.get(field));
        }
        choose("where_kind-street");
        choose("where_precision-town");
        choose("harm-property-stolen");
        choose("consent-police");
        browser.findElement(By.id("continue")).click();
        wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("js-send"))).click();
        String receipt = wait(30).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#js-confirmation [data-receipt]"))).getText();
        Chromium.screenshot(browser, "seized-en-receipt");

        // The mailbox, with JavaScript: mailbox-signin.js derives the token, mailbox.js seals the message.
        openMailboxInChromium(receipt, null);
        browser.findElement(By.id("message")).sendKeys(canaries.get("message"));
        browser.findElement(By.cssSelector("#message-form button[type=submit]")).click();
        waitForMessage(canaries.get("message"));
        return new Filed("en", receipt, canaries, "robbery");
    }

    private void openMailboxInChromium(String receipt, String expected) {
        browser.get(base + "/en/mailbox");
        browser.findElement(By.id("receipt")).sendKeys(receipt);
        browser.findElement(By.cssSelector("#mailbox-form button[type=submit]")).click();
        wait(30).until(ExpectedConditions.presenceOfElementLocated(By.id("message-form")));
        if (expected != null) {
            waitForMessage(expected);
            Chromium.screenshot(browser, "seized-en-mailbox-reply");
        }
    }

    /** A message opened in the browser by mailbox.js and shown. */
    private void waitForMessage(String text) {
        wait(20).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//p[contains(@class,'message-text') and contains(., '" + text + "')]")));
    }

    private Filed arabicReportSealedOnTheServer(Disguised arabic) throws Exception {
        Map<String, String> canaries = canaries("ar", "when_note", "where_place", "offender_description", "vehicles",
                "harm_details", "account", "message", "reply", "note", "outcome", "attachment-name", "attachment-content");
        String form = ok(arabic.get("/ar/report"), 200).body();
        Matcher submissionKey = SUBMISSION_KEY.matcher(form);
        assertTrue(submissionKey.find(), "no submission key on the Arabic form");
        Map<String, String> posted = new LinkedHashMap<>();
        posted.put("submission_key", submissionKey.group(1));
        posted.put("crime_type", "labour-exploitation");
        posted.put("role", "victim");
        posted.put("when_kind", "approximate");
        posted.put("where_kind", "work");
        posted.put("where_precision", "area");
        posted.put("offender_known", "known");
        posted.put("offender_relation", "employer");
        for (String field : List.of("when_note", "where_place", "offender_description", "vehicles", "harm_details")) {
            posted.put(field, canaries.get(field));
        }
        posted.put("account", "أخذ صاحب العمل جواز سفري ولم يدفع أجري. " + canaries.get("account"));
        canaries.put("account", posted.get("account"));
        posted.put("consent", "talk");
        String page = postForm(arabic, "/ar/report/send", posted).body();
        Matcher shown = RECEIPT.matcher(page);
        assertTrue(shown.find(), "no receipt after the no-JavaScript submission:\n" + page);
        return new Filed("ar", shown.group(1).trim(), canaries, "labour-exploitation");
    }

    private String signInWithoutJavaScript(Disguised arabic, Filed filed) throws Exception {
        Matcher token = TOKEN.matcher(postForm(arabic, "/ar/mailbox", Map.of("receipt", filed.receipt())).body());
        assertTrue(token.find(), "the no-JavaScript mailbox did not open");
        assertEquals(token(filed), token.group(1), "the mailbox token is not the one derived from the receipt");
        return token.group(1);
    }

    /** Signs in as mailbox.js does and unwraps the mailbox key with the receipt, to search for it later. */
    private void rememberMailboxKey(Disguised client, Filed filed) throws Exception {
        JsonNode mailbox = JSON.readTree(ok(client.postJson("/api/mailbox", json(Map.of("token", token(filed)))), 200)
                .body());
        mailboxPrivateKeys.add(ReceiptKeys.unwrap(digits(filed.receipt()),
                ReceiptKeys.WrappedKey.parse(mailbox.path("mailboxWrappedKey").asText())));
    }

    // ---- the caseworker ----

    private void signInNewCaseworker(Disguised staff) throws Exception {
        String username = "seized-" + RUN.substring(0, 8).toLowerCase(java.util.Locale.ROOT);
        String password = "seized server passphrase " + UUID.randomUUID();
        StaffAccounts.insert(db, username, "caseworker", password);
        HttpResponse<String> first = ok(staff.postForm("/casework/login",
                Map.of("username", username, "password", password)), 303);
        staff.signedIn(Disguised.staffCookie(first), null);
        String code = StaffAccounts.enrolmentCode(ok(staff.get("/casework/login/enrol"), 200).body());
        assertNotNull(code, "no authenticator secret on the enrolment page");
        HttpResponse<String> enrolled = ok(staff.postForm("/casework/login/enrol", Map.of("code", code)), 200);
        staff.signedIn(Disguised.staffCookie(enrolled), null);
        Matcher csrf = CSRF.matcher(ok(staff.get("/casework"), 200).body());
        assertTrue(csrf.find(), "no CSRF token on the staff home page");
        staff.signedIn(Disguised.staffCookie(enrolled), csrf.group(1));
    }

    /** The inbox, each report opened as the caseworker's browser opens it; answers the two by language. */
    private Map<String, JsonNode> inbox(Disguised staff, Filed... filed) throws Exception {
        JsonNode page = JSON.readTree(ok(staff.get("/casework/api/reports?page=0"), 200).body());
        Map<String, JsonNode> byLang = new HashMap<>();
        for (JsonNode report : page.path("reports")) {
            JsonNode document = JSON.readTree(open(report.path("envelope"), Purpose.REPORT));
            byLang.put(document.path("lang").asText(), report);
            Filed expected = List.of(filed).stream().filter(f -> f.lang().equals(document.path("lang").asText()))
                    .findFirst().orElseThrow();
            // Every canary typed into the form reached the sealed report: what is missing below was sealed, not lost.
            for (String field : List.of("when_note", "where_place", "offender_description", "vehicles",
                    "harm_details", "account")) {
                assertEquals(expected.canaries().get(field), document.path("answers").path(field).asText(),
                        expected.lang() + " report, " + field);
            }
            assertEquals(expected.crimeType(), document.path("answers").path("crime_type").asText());
        }
        assertEquals(Set.of("en", "ar"), byLang.keySet(), "the inbox does not hold exactly the two reports");
        return byLang;
    }

    private void assertReporterMessageSealed(Disguised staff, String id, String expected) throws Exception {
        JsonNode messages = JSON.readTree(ok(staff.get("/casework/api/reports/" + id + "/messages"), 200).body());
        List<String> texts = new ArrayList<>();
        for (JsonNode message : messages) {
            if ("reporter".equals(message.path("sender").asText())) {
                texts.add(MessagePlaintext.text(open(message.path("envelope"), Purpose.MESSAGE)));
            }
        }
        assertEquals(List.of(expected), texts, "the reporter's message, opened with the intake key");
    }

    /** As the reporter's browser will (docs/attachments.md): create, put the sealed chunks, send a message naming it. */
    private String sendAttachment(Disguised client, Filed filed, byte[] mailboxPublicKey, String name, byte[] file)
            throws Exception {
        AttachmentSealer sealer = AttachmentSealer.to(kid, intake.publicKey());
        JsonNode created = JSON.readTree(ok(client.postJson("/api/attachments", json(Map.of("kid", kid,
                "enc", Base64Url.encode(sealer.enc()), "chunks", AttachmentFormat.chunkCount(file.length)))), 201).body());
        String id = created.path("id").asText();
        Map<String, String> upload = Map.of("Haven-Upload-Token", created.path("token").asText());
        sealer.seal(UUID.fromString(id), new AttachmentHeader(name, "text/plain", file.length, false),
                new java.io.ByteArrayInputStream(file), (index, ct) -> {
                    try {
                        ok(client.putBytes("/api/attachments/" + id + "/chunks/" + index, upload, ct), 204);
                    } catch (Exception e) {
                        throw new java.io.IOException(e);
                    }
                });
        byte[] text = MessagePlaintext.encode("en", "evidence attached");
        ok(client.postJson("/api/mailbox/messages", json(Map.of("token", token(filed),
                "envelope", tree(Envelopes.seal(Purpose.MESSAGE, kid, intake.publicKey(), text)),
                "copy", tree(Envelopes.seal(Purpose.MESSAGE, "mailbox", mailboxPublicKey, text)),
                "attachments", List.of(Map.of("id", id, "token", created.path("token").asText()))))), 201);
        return id;
    }

    /** The caseworker's side: the listed attachment's chunks open with the intake key to the file that was sent. */
    private void assertAttachmentOpens(Disguised staff, String reportId, String id, String name, byte[] file)
            throws Exception {
        JsonNode listed = JSON.readTree(ok(staff.get("/casework/api/reports/" + reportId + "/attachments"), 200).body());
        assertEquals(1, listed.size(), "one attachment listed");
        JsonNode item = listed.get(0);
        assertEquals(id, item.path("id").asText());
        AttachmentOpener opener = new AttachmentOpener(intake.privateKey(), item.path("kid").asText(),
                Base64Url.decode(item.path("enc").asText()), UUID.fromString(id), item.path("chunks").asInt());
        java.io.ByteArrayOutputStream opened = new java.io.ByteArrayOutputStream();
        AttachmentHeader header = opener.open(index -> {
            try {
                HttpResponse<byte[]> chunk = staff.getBytes("/casework/api/reports/" + reportId + "/attachments/" + id
                        + "/chunks/" + index);
                assertEquals(200, chunk.statusCode());
                return chunk.body();
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        }, opened);
        assertEquals(name, header.name());
        assertTrue(java.util.Arrays.equals(file, opened.toByteArray()), "the attachment opened to the file sent");
    }

    private void reply(Disguised staff, String id, byte[] mailboxPublicKey, String text) throws Exception {
        byte[] plaintext = MessagePlaintext.encode("en", text);
        ok(staff.postJson("/casework/api/reports/" + id + "/messages", json(Map.of(
                "toReporter", tree(Envelopes.seal(Purpose.REPLY, "mailbox", mailboxPublicKey, plaintext)),
                "copy", tree(Envelopes.seal(Purpose.REPLY, kid, intake.publicKey(), plaintext))))), 201);
    }

    private void note(Disguised staff, String id, String text, boolean outcome) throws Exception {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("text", text);
        if (outcome) {
            note.put("outcome", "advice-given");
        }
        ok(staff.postJson("/casework/api/reports/" + id + "/notes", json(Map.of("envelope", tree(Envelopes.seal(
                Purpose.NOTE, kid, intake.publicKey(), json(note).getBytes(StandardCharsets.UTF_8))),
                "outcome", outcome))), 201);
    }

    private void referToPoliceAndWaitForDelivery(Disguised staff, String id, Filed en) throws Exception {
        Map<String, Object> draft = Map.of("force", "kent",
                "event", Map.of("category", "robbery", "account", en.canaries().get("referral-account")),
                "location", Map.of("precision", "town", "description", en.canaries().get("referral-place")),
                "offenders", Map.of("description", en.canaries().get("referral-offender")),
                "objects", Map.of("vehicles", en.canaries().get("referral-vehicles")));
        ok(staff.postJson("/casework/api/reports/" + id + "/referrals", json(Map.of("draft", draft))), 201);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receiver.accepted().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the referral was not delivered within 30 s");
            Thread.sleep(100);
        }
        // It reached police readable (the receiver is theirs, not Haven's): the canaries are really in it.
        Path delivered = receiver.accepted().get(0).file();
        for (String field : List.of("referral-account", "referral-place", "referral-offender", "referral-vehicles")) {
            assertTrue(ByteScan.contains(delivered, en.canaries().get(field)), "the delivered referral lacks " + field);
        }
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"delivered".equals(single("select state from referral where report_id = '" + id + "'"))) {
            assertTrue(System.nanoTime() < deadline, "Haven did not record the delivery");
            Thread.sleep(100);
        }
    }

    // ---- the seizure ----

    /** What was taken, by place, and the dump's fields that hold a language or category in clear. */
    private record Seized(Map<String, Path> places, List<String> clearFields) {
    }

    private void startEverything() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        int pgPort = ProdJar.freePort();
        // Kept on close (not cleaned), so the data directory can be read after PostgreSQL stops. PostgreSQL logs to
        // its data directory, every statement with its parameters: a seized disk whose DBA turned logging up.
        postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(WORK.resolve("postgres"))
                .setCleanDataDirectory(false).setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", "log").setServerConfig("log_statement", "all").start();
        db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "postgres");

        SigningKeyPair signing = SigningKeyPair.generate();
        receiver = new ReferenceReceiver(Files.createDirectories(WORK.resolve("police-receiver")),
                signing.publicKey()).start(0);
        Path home = Files.createDirectories(WORK.resolve("haven-home"));
        Path tmp = Files.createDirectories(WORK.resolve("haven-tmp"));
        havenLog = WORK.resolve("haven.log");
        int port = ProdJar.freePort();
        base = "http://localhost:" + port;
        Map<String, String> env = new HashMap<>();
        env.put("HAVEN_REFERRAL_SIGNING_KEY", signing.seedBase64Url());
        env.put("HAVEN_REFERRAL_FIRST_RETRY", "PT0.5S");
        long launched = System.nanoTime();
        haven = ProdJar.start(pgPort, port, env, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp), havenLog, home);
        ProdJar.waitReady(haven, base, launched, havenLog);

        // What an admin sets up in the browser (intake key, the force), written as TwoInstancesIT does.
        try (PreparedStatement s = db.prepareStatement(
                "insert into intake_key (kid, public_key, created_at, active) values (?, ?, now(), true)")) {
            s.setString(1, kid);
            s.setBytes(2, intake.publicKey());
            s.executeUpdate();
        }
        TestForces.enable(db, "kent", receiver.url(), receiver.forceKey().publicKey());
    }

    private Seized seize() throws Exception {
        haven.destroy();
        assertTrue(haven.waitFor(30, TimeUnit.SECONDS), "Haven did not stop");
        browser.quit();
        browser = null;
        List<String> clearFields = new ArrayList<>(ClearMetadata.forbiddenColumns(db));
        clearFields.addAll(ClearMetadata.timesFinerThanTheHour(db));
        Path dump = WORK.resolve("seized-dump.copy");
        Map<String, List<String[]>> tables = TableDump.write(db, dump);
        db.close();
        db = null;
        postgres.close();
        postgres = null;
        receiver.close();
        receiver = null;

        clearFields.addAll(ClearMetadata.languageOrCategoryFields(tables));

        // The scans must see content, or an empty result proves nothing: cleartext Haven does keep is found.
        assertTrue(ByteScan.contains(dump, kid), "the dump holds no report rows");
        assertTrue(tables.get("public.report").size() >= 1 && tables.get("public.referral").size() == 1,
                "the dump lacks the report or the referral");
        try (Stream<Path> files = Files.walk(WORK.resolve("postgres"))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertTrue(all.stream().anyMatch(f -> f.toString().contains("pg_wal") && ByteScan.contains(f, kid)),
                    "the write-ahead log holds no report rows");
            assertTrue(all.stream().anyMatch(f -> f.getParent().endsWith("log") && ByteScan.contains(f, "mailbox_message")),
                    "PostgreSQL's statement log was not written");
        }
        assertTrue(ByteScan.contains(havenLog, "started in"), "Haven's log was not written");

        Map<String, Path> places = new LinkedHashMap<>();
        places.put("Haven's log", havenLog);
        places.put("Haven's working directory", WORK.resolve("haven-home"));
        places.put("Haven's temporary files", WORK.resolve("haven-tmp"));
        places.put("table dump", dump);
        places.put("PostgreSQL data directory", WORK.resolve("postgres"));
        return new Seized(places, clearFields);
    }

    private ByteScan needles(List<Filed> filed) {
        ByteScan scan = new ByteScan().text("a canary", CANARY).text("the client address", ADDRESS)
                .text("the user agent", USER_AGENT).text("the user agent's product", "SeizedCanaryAgent")
                .text("the Arabic Accept-Language", ARABIC_LANGUAGES);
        for (Filed report : filed) {
            String digits = digits(report.receipt());
            String what = report.lang() + " receipt";
            scan.text(what + ", digits only", digits).text(what + ", grouped", ReceiptKeys.group(digits))
                    .text(what + ", hyphenated", ReceiptKeys.group(digits).replace(' ', '-'))
                    .text(what + ", Arabic-Indic digits", arabicIndic(digits))
                    .text(what + ", grouped Arabic-Indic digits", arabicIndic(ReceiptKeys.group(digits)));
            byte[] token = ReceiptKeys.lookupToken(digits);
            scan.binary(report.lang() + " mailbox token", token)
                    .text(report.lang() + " mailbox token, base64url", Base64Url.encode(token))
                    .text(report.lang() + " mailbox token, base64", Base64.getEncoder().encodeToString(token));
            scan.text(report.lang() + " report's crime category", report.crimeType());
        }
        for (int i = 0; i < mailboxPrivateKeys.size(); i++) {
            scan.binary("mailbox private key " + (i + 1), mailboxPrivateKeys.get(i));
        }
        return scan;
    }

    // ---- small helpers ----

    private static Map<String, String> canaries(String lang, String... fields) {
        Map<String, String> canaries = new LinkedHashMap<>();
        for (String field : fields) {
            canaries.put(field, CANARY + "-" + lang + "-" + field);
        }
        return canaries;
    }

    private byte[] open(JsonNode envelope, Purpose purpose) {
        String text = envelope.isTextual() ? envelope.asText() : envelope.toString();
        return Envelopes.open(Envelope.parse(text), purpose, intake.privateKey());
    }

    private static String token(Filed filed) {
        return Base64Url.encode(ReceiptKeys.lookupToken(digits(filed.receipt())));
    }

    private static String digits(String shown) {
        return ReceiptKeys.normalise(shown).orElseThrow(() -> new AssertionError("not a receipt: " + shown));
    }

    private static String arabicIndic(String digits) {
        StringBuilder out = new StringBuilder();
        digits.chars().forEach(c -> out.append(Character.isDigit(c) ? (char) ('\u0660' + (c - '0')) : (char) c));
        return out.toString();
    }

    private static HttpResponse<String> postForm(Disguised client, String path, Map<String, String> form)
            throws Exception {
        return ok(client.postForm(path, form), 200);
    }

    private static HttpResponse<String> ok(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.request().method() + " " + response.uri() + " answered: "
                + response.body());
        return response;
    }

    private void choose(String id) {
        try {
            browser.findElement(By.cssSelector("label[for='" + id + "']")).click();
        } catch (org.openqa.selenium.NoSuchElementException e) {
                        throw new AssertionError("no " + id + " on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
    }

    private static WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private static String single(String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(Envelope envelope) throws Exception {
        return JSON.readTree(envelope.toJson());
    }

    private static String letters(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append((char) ('A' + RANDOM.nextInt(26)));
        }
        return out.toString();
    }

    private static void deleteTree(Path root) throws Exception {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
