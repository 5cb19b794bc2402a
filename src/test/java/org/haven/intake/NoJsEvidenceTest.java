package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.crypto.Base64Url;
import org.haven.intake.attachment.HeldFile;
import org.haven.testing.SamplePhotos;
import org.haven.web.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Evidence sent without JavaScript (docs/attachments.md section 14): the form posts its files as multipart; the
 * server cleans photos in memory, seals every file to the intake key and holds it as an unbound upload until the
 * report or message is sent, binding it in the same transaction. Files are opened here with the demo intake
 * private key, playing the caseworker's part.
 */
@QuarkusTest
class NoJsEvidenceTest {

    private static final Pattern HELD = Pattern.compile("name=\"evidence_held\" value=\"([^\"]+)\"");
    private static final Pattern RECEIPT = Pattern.compile("data-receipt>(\\d{4} \\d{4} \\d{4} \\d{4})<");
    private static final int APP1 = 0xE1;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void gpsPhotoSentWithoutJavaScriptArrivesCleanedAndBoundToTheReport() throws Exception {
        Map<String, String> answers = answers("photo " + UUID.randomUUID());
        byte[] photo = SamplePhotos.jpegWithGps(640, 480, 6);

        Response review = form(answers).multiPart("evidence", "home-garden.jpg", photo, "image/jpeg")
                .post("/en/report/review");
        review.then().statusCode(200).body(containsString("Check your report"))
                .body(containsString("home-garden.jpg")).body(containsString("Location and device details removed"));
        List<HeldFile> held = held(review.asString());
        assertEquals(1, held.size());
        assertTrue(held.get(0).cleaned());
        assertNull(reportOf(held.get(0).id()), "held, not bound, before the report is sent");

        String confirmation = send(answers, held, List.of());
        assertTrue(RECEIPT.matcher(confirmation).find(), "the receipt is shown");
        assertNotNull(reportOf(held.get(0).id()), "bound with the report");

        TestAttachments.Opened opened = open(held.get(0).id());
        assertTrue(opened.header().cleaned());
        assertEquals("home-garden.jpg", opened.header().name());
        assertEquals("image/jpeg", opened.header().type());
        assertFalse(SamplePhotos.jpegMarkers(opened.bytes()).contains(APP1), "no EXIF or XMP segment");
        assertFalse(new String(opened.bytes(), StandardCharsets.ISO_8859_1).contains(SamplePhotos.CANARY));
        // Orientation 6 was applied: the stored 640x480 picture is upright as 480x640.
        assertEquals(480, SamplePhotos.decode(opened.bytes()).getWidth());
    }

    @Test
    void pdfTickedToSendAsItIsArrivesUnchangedAndAnUntickedOneIsDeleted() throws Exception {
        Map<String, String> answers = answers("documents " + UUID.randomUUID());
        byte[] ticked = pdf("ticked");
        byte[] unticked = pdf("unticked");

        Response review = form(answers).multiPart("evidence", "letter.pdf", ticked, "application/pdf")
                .multiPart("evidence", "payslip.pdf", unticked, "application/pdf").post("/en/report/review");
        review.then().statusCode(200).body(containsString("Send this file as it is"))
                .body(containsString("We could not remove details from this file"));
        List<HeldFile> held = held(review.asString());
        assertEquals(List.of("letter.pdf", "payslip.pdf"), held.stream().map(HeldFile::name).toList());
        assertFalse(held.get(0).cleaned());
        assertTrue(review.asString().contains("name=\"evidence_as_is\" value=\"" + held.get(0).id() + "\""),
                "a checkbox per file that could not be cleaned");
        assertFalse(review.asString().contains("evidence_as_is\" value=\"" + held.get(0).id() + "\" checked"),
                "unticked by default");

        send(answers, held, List.of(held.get(0).id()));

        assertNotNull(reportOf(held.get(0).id()));
        TestAttachments.Opened opened = open(held.get(0).id());
        assertFalse(opened.header().cleaned());
        assertEquals("application/pdf", opened.header().type());
        assertArrayEquals(ticked, opened.bytes());
        assertEquals(0, rows(held.get(1).id()), "the unticked file is deleted, chunks and all");
    }

    @Test
    void oversizeAndTooManyFilesAreRefusedInTheReportersLanguageKeepingTheAnswers() throws Exception {
        String account = "limits " + UUID.randomUUID();
        Map<String, String> answers = answers(account);
        RequestSpecification request = form(answers)
                .multiPart("evidence", "long-video.mp4", new byte[25 * 1024 * 1024 + 1], "video/mp4");
        for (int i = 1; i <= 11; i++) {
            request.multiPart("evidence", "note-" + i + ".m4a", audio(i), "audio/mp4");
        }
        String page = request.post("/en/report/review").then().statusCode(200).extract().asString();

        assertTrue(page.contains("long-video.mp4\u2069 is larger than \u206825\u2069 MB"), "the size refusal");
        assertTrue(page.contains("note-11.m4a\u2069 was not added: you can add up to \u206810\u2069 files"),
                "the count refusal");
        assertTrue(page.contains("href=\"#evidence\""), "the error summary links to the file input");
        assertTrue(page.contains(account), "the answers are kept");
        List<HeldFile> held = held(page);
        assertEquals(10, held.size(), "the files within the limits are kept, shown as already added");
        assertTrue(page.contains("Files already added"));

        String arabic = form(answers).multiPart("evidence", "empty.pdf", new byte[0], "application/pdf")
                .post("/ar/report/review").then().statusCode(200).extract().asString();
        assertTrue(arabic.contains(bundle("ar").getProperty("evidence.nojs.error.empty")
                .replace("{0}", "\u2068empty.pdf\u2069")), "an empty file, refused in Arabic");
    }

    @Test
    void formsOverTheSizeLimitOrTheMemoryBudgetGetAPageInTheReportersLanguage() throws Exception {
        int port = io.restassured.RestAssured.port;
        long largest = 62_914_560L + 1_048_576L; // haven.attachments.max-report-bytes + 1 MiB for the answers
        String head = "POST /ar/report/review HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ";
        RawHttp.Answer tooLarge = RawHttp.exchange(port, head + (largest + 1), new byte[0], 20_000);
        assertEquals(413, tooLarge.status(), tooLarge.body());
        assertTrue(tooLarge.body().contains(bundle("ar").getProperty("evidence.nojs.too-large.title")), tooLarge.body());

        // Two of the largest forms are arriving (their bodies not yet sent): a third would pass the memory budget.
        List<java.net.Socket> arriving = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
                socket.getOutputStream().write((head + largest + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                arriving.add(socket);
            }
            Thread.sleep(500);
            RawHttp.Answer busy = RawHttp.exchange(port, head.replace("/ar/", "/en/") + 10 * 1024 * 1024, new byte[0],
                    20_000);
            assertEquals(503, busy.status(), busy.body());
            assertEquals("60", busy.header("Retry-After"));
            assertTrue(busy.body().contains("Too many files are being sent right now"), busy.body());
        } finally {
            for (java.net.Socket socket : arriving) {
                socket.close();
            }
        }
        // Once those connections are gone their share is free again, and a 10 MB file goes through.
        Map<String, String> answers = answers("budget " + UUID.randomUUID());
        int status = 0;
        for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
            Thread.sleep(250);
            try {
                status = form(answers).multiPart("evidence", "ten.mp4", new byte[10 * 1024 * 1024], "video/mp4")
                        .post("/en/report/review").statusCode();
            } catch (RuntimeException refusedMidBody) {
                status = 503; // answered 503 and closed while the body was still being written
            }
        }
        assertEquals(200, status);
    }

    /**
     * A form with files may take minutes to arrive, but only while it keeps arriving: one that announces 60 MB and
     * trickles is cut off after a window (3 s in tests) without progress, not after form-upload-arrival-timeout.
     */
    @Test
    void aFormThatTricklesInIsCutOffAfterAWindowWithoutProgress() throws Exception {
        long started = System.nanoTime();
        boolean closed = false;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(500);
            var out = socket.getOutputStream();
            out.write(("POST /en/report/review HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: 60000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    out.write(new byte[1024]);
                    out.flush();
                    closed = socket.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    // still open: a little more
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(closed && seconds < 15, "the trickling form was cut off after " + seconds + " s");
    }

    @Test
    void changingTheAnswersKeepsTheFilesAlreadySentAndOneCanBeRemoved() throws Exception {
        Map<String, String> answers = answers("change " + UUID.randomUUID());
        Response review = form(answers).multiPart("evidence", "first.jpg", SamplePhotos.jpegWithGps(64, 48, 1),
                "image/jpeg").multiPart("evidence", "second.pdf", pdf("second"), "application/pdf")
                .post("/en/report/review");
        List<HeldFile> held = held(review.asString());
        assertEquals(2, held.size());

        RequestSpecification edit = given().config(ReporterPagesTest.AS_A_BROWSER);
        answers.forEach(edit::formParam);
        held.forEach(file -> edit.formParam("evidence_held", file.hidden()));
        String form = edit.post("/en/report/edit").then().statusCode(200).extract().asString();
        assertTrue(form.contains("Files already added"));
        assertEquals(held, held(form), "the form carries the files it was given");

        RequestSpecification again = form(answers).multiPart("evidence_remove", held.get(1).id().toString())
                .multiPart("evidence", "third.png", SamplePhotos.pngWithText(32, 32), "image/png");
        held.forEach(file -> again.multiPart("evidence_held", file.hidden()));
        List<HeldFile> now = held(again.post("/en/report/review").then().statusCode(200).extract().asString());

        assertEquals(List.of("first.jpg", "third.png"), now.stream().map(HeldFile::name).toList());
        assertEquals(held.get(0), now.get(0));
        assertEquals(0, rows(held.get(1).id()), "the removed file is deleted");
        send(answers, now, List.of());
        assertNotNull(reportOf(now.get(0).id()));
        assertNotNull(reportOf(now.get(1).id()));
    }

    @Test
    void mailboxMessageCarriesAPhotoAndAFileThatCannotBeCleanedOnlyWhenTicked() throws Exception {
        var key = demoKey.keyFile();
        TestReports.Sealed report = TestReports.sealed(key, "mailbox files " + UUID.randomUUID(), "talk");
        given().contentType(io.restassured.http.ContentType.JSON).body(TestReports.json(report.body()))
                .post("/api/reports").then().statusCode(201);
        String typed = "Here is the letter they sent " + UUID.randomUUID();

        String refused = message(report.token(), typed).multiPart("evidence", "letter.pdf", pdf("mail"), "application/pdf")
                .post("/en/mailbox/message").then().statusCode(200).extract().asString();
        assertTrue(refused.contains("letter.pdf\u2069 was not sent"), "refused, with the reason");
        assertTrue(refused.contains(typed + "</textarea>"), "the typed message is kept");
        assertEquals(0, messagesOf(report.token()));

        String sent = message(report.token(), typed).multiPart("evidence_as_is", "yes")
                .multiPart("evidence", "letter.pdf", pdf("mail"), "application/pdf")
                .multiPart("evidence", "door.jpg", SamplePhotos.jpegWithGps(64, 48, 1), "image/jpeg")
                .post("/en/mailbox/message").then().statusCode(200).extract().asString();
        assertTrue(sent.contains("Your message has been sent") || !sent.contains("error-message\">"), sent);
        assertEquals(1, messagesOf(report.token()));
        List<Map<String, Object>> bound = boundToMessages(report.token());
        assertEquals(2, bound.size());
        TestAttachments.Opened letter = open((UUID) bound.get(0).get("id"));
        TestAttachments.Opened door = open((UUID) bound.get(1).get("id"));
        assertEquals("letter.pdf", letter.header().name());
        assertFalse(letter.header().cleaned());
        assertTrue(door.header().cleaned());
        assertFalse(SamplePhotos.jpegMarkers(door.bytes()).contains(APP1));
    }

    @Test
    void mailboxMessageWithOnlyAPhotoAndNoTextIsSentAndShownAndAnEmptyOneIsRefused() throws Exception {
        var key = demoKey.keyFile();
        TestReports.Sealed report = TestReports.sealed(key, "mailbox files only " + UUID.randomUUID(), "talk");
        given().contentType(io.restassured.http.ContentType.JSON).body(TestReports.json(report.body()))
                .post("/api/reports").then().statusCode(201);

        // As a browser posts the form with no file chosen: an empty part with an empty file name.
        String refused = message(report.token(), "").multiPart("evidence", "", new byte[0], "application/octet-stream")
                .post("/en/mailbox/message").then().statusCode(200).extract().asString();
        assertTrue(refused.contains("role=\"status\"><p>Write a message before sending.</p>"), refused);
        assertEquals(0, messagesOf(report.token()));

        String sent = message(report.token(), "  ")
                .multiPart("evidence", "door.jpg", SamplePhotos.jpegWithGps(64, 48, 1), "image/jpeg")
                .post("/en/mailbox/message").then().statusCode(200).extract().asString();
        assertTrue(sent.contains("role=\"status\"><p>Your message has been sent.</p>"), sent);
        assertEquals(1, messagesOf(report.token()));
        List<Map<String, Object>> bound = boundToMessages(report.token());
        assertEquals(1, bound.size());
        TestAttachments.Opened door = open((UUID) bound.get(0).get("id"));
        assertTrue(door.header().cleaned());

        // Signed in without JavaScript, the server opens the message (its text "") and says what it was.
        String mailbox = given().formParam("receipt", report.receipt()).post("/en/mailbox").then().statusCode(200)
                .extract().asString();
        assertTrue(mailbox.contains("message-files-only\" dir=\"auto\">Files only, with no written message.</p>"),
                mailbox);
        assertFalse(mailbox.contains("A locked message."), "the message was opened, not left sealed");
    }

    @Test
    void noJavaScriptUploadWritesNoFileAndStoresNoNameContentOrMetadataInClear() throws Exception {
        String canary = "CANARY" + UUID.randomUUID().toString().replace("-", "");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path uploads = tmp.resolve("uploads");
        Files.createDirectories(uploads);
        byte[] photo = SamplePhotos.jpegWithGps(800, 600, 1);
        byte[] video = video(canary);
        List<String> created = new ArrayList<>();
        List<HeldFile> held;
        Map<String, String> answers = answers("seized " + canary);
        try (WatchService watch = tmp.getFileSystem().newWatchService()) {
            tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            uploads.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            held = held(form(answers).multiPart("evidence", "home-" + canary + ".jpg", photo, "image/jpeg")
                    .multiPart("evidence", "clip-" + canary + ".mp4", video, "video/mp4")
                    .post("/en/report/review").then().statusCode(200).extract().asString());
            send(answers, held, List.of(held.get(1).id()));
            WatchKey key;
            while ((key = watch.poll(300, TimeUnit.MILLISECONDS)) != null) {
                Path dir = (Path) key.watchable();
                key.pollEvents().forEach(e -> created.add(dir.resolve((Path) e.context()).toString()));
                key.reset();
            }
        }
        // Other processes share the temporary directory: its files are matched by the names the multipart parsers
        // (Quarkus: resteasy-reactive*upload, Netty: FUp_/Attr_), ImageIO and this upload would use.
        List<String> ours = created.stream().filter(name -> name.startsWith(uploads.toString())
                || name.contains(canary) || name.contains("resteasy-reactive") || name.contains("FUp_")
                || name.contains("Attr_") || name.contains("imageio")).toList();
        assertEquals(List.of(), ours, "files written while receiving the upload");

        assertEquals(2, held.size());
        assertNotNull(reportOf(held.get(1).id()));
        // The scan sees what is stored: the enc of each file, kept in clear, is found by the same search.
        assertEquals(List.of("public.attachment"), TestTables.holding(dataSource, HexFormat.of().formatHex(encOf(held.get(0).id()))));
        String gps = HexFormat.of().formatHex(SamplePhotos.CANARY.getBytes(StandardCharsets.US_ASCII));
        for (String needle : List.of(canary, HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8)),
                SamplePhotos.CANARY, gps, "video/mp4", "image/jpeg", held.get(0).token(),
                HexFormat.of().formatHex(Base64Url.decode(held.get(0).token())))) {
            assertEquals(List.of(), TestTables.holding(dataSource, needle), needle);
        }
    }

    private static java.util.Properties bundle(String lang) throws java.io.IOException {
        java.util.Properties bundle = new java.util.Properties();
        try (var in = NoJsEvidenceTest.class.getResourceAsStream("/messages/msg_" + lang + ".properties")) {
            bundle.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return bundle;
    }

    private static Map<String, String> answers(String account) {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("submission_key", TestReports.submissionKey());
        answers.put("crime_type", "other-theft");
        answers.put("role", "victim");
        answers.put("account", account);
        answers.put("consent", "record");
        return answers;
    }

    /** The report form as a browser without JavaScript posts it: multipart/form-data, UTF-8. */
    private static RequestSpecification form(Map<String, String> answers) {
        RequestSpecification request = given().config(MULTIPART_AS_A_BROWSER);
        answers.forEach((name, value) -> request.multiPart(name, value));
        return request;
    }

    private static RequestSpecification message(String token, String text) {
        return given().config(MULTIPART_AS_A_BROWSER).multiPart("token", token).multiPart("message", text);
    }

    private static final io.restassured.config.RestAssuredConfig MULTIPART_AS_A_BROWSER = io.restassured.config
            .RestAssuredConfig.config().multiPartConfig(io.restassured.config.MultiPartConfig.multiPartConfig()
                    .defaultCharset(StandardCharsets.UTF_8));

    /** The review page's send button: the answers and the held files as hidden fields, some ticked as they are. */
    private static String send(Map<String, String> answers, List<HeldFile> held, List<UUID> asIs) {
        RequestSpecification send = given().config(ReporterPagesTest.AS_A_BROWSER);
        answers.forEach(send::formParam);
        held.forEach(file -> send.formParam("evidence_held", file.hidden()));
        asIs.forEach(id -> send.formParam("evidence_as_is", id.toString()));
        return send.post("/en/report/send").then().statusCode(200).body(not(containsString("error-summary")))
                .extract().asString();
    }

    private static List<HeldFile> held(String page) {
        List<HeldFile> held = new ArrayList<>();
        Matcher m = HELD.matcher(page);
        while (m.find()) {
            held.add(HeldFile.parse(m.group(1)).orElseThrow());
        }
        return held;
    }

    private static byte[] pdf(String tag) {
        return ("%PDF-1.4\n% Author: Canary " + tag + " " + UUID.randomUUID() + "\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] audio(int seed) {
        byte[] bytes = new byte[2048];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** An MP4-like file (ftyp box, then a metadata atom holding a place and the canary), 600 KB. */
    private static byte[] video(String canary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'});
        out.writeBytes(("\u00a9xyz+51.5074-000.1278/ " + canary).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(audio(7));
        out.writeBytes(new byte[600_000]);
        return out.toByteArray();
    }

    private TestAttachments.Opened open(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return TestAttachments.openStored(c, demoKey.keyFile(), id);
        }
    }

    private byte[] encOf(UUID attachment) throws Exception {
        return (byte[]) attachmentColumn(attachment, "enc");
    }

    private UUID reportOf(UUID attachment) throws Exception {
        return (UUID) attachmentColumn(attachment, "report_id");
    }

    private Object attachmentColumn(UUID attachment, String column) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select " + column + " from attachment where id = ?")) {
            s.setObject(1, attachment);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "attachment " + attachment + " exists");
                return r.getObject(1);
            }
        }
    }

    private long rows(UUID attachment) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select (select count(*) from attachment where id = ?) + (select count(*) from attachment_chunk "
                        + "where attachment_id = ?)")) {
            s.setObject(1, attachment);
            s.setObject(2, attachment);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static final String REPORT_BY_TOKEN = "(select id from report where token_hash = ?)";

    private long messagesOf(String token) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from mailbox_message where report_id = " + REPORT_BY_TOKEN)) {
            s.setBytes(1, receiptTokens.hash(Base64Url.decode(token)));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private List<Map<String, Object>> boundToMessages(String token) throws Exception {
        List<Map<String, Object>> bound = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select id from attachment where message_id is not null and report_id = " + REPORT_BY_TOKEN
                        + " order by position")) {
            s.setBytes(1, receiptTokens.hash(Base64Url.decode(token)));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    bound.add(Map.of("id", r.getObject(1)));
                }
            }
        }
        return bound;
    }

    @Inject
    ReceiptTokens receiptTokens;
}
