package org.haven.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.crypto.Base64Url;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Promises 1 and 2, checked after the fact: runs last, makes its own reports through every path with a
 * plaintext canary, a fake forwarded client address and a telltale user agent, then reads every row of
 * every table, every file of the database's data directory and every log line. None of the canaries
 * (including those other tests put in reports, messages and notes), receipts, tokens or addresses may appear.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class NoTraceTest {

    private static final Path LOG = Path.of("target/haven-test/haven.log");
    private static final String FORWARDED_ADDRESS = "203.0.113.77";
    private static final String USER_AGENT = "CanaryAgent/9.9 (reporter phone)";
    private static final Pattern RECEIPT = Pattern.compile("data-receipt>(\\d{4} \\d{4} \\d{4} \\d{4})<");

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void noPlaintextReceiptTokenOrClientAddressIsStoredOrLogged() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        List<String> secrets = new ArrayList<>(List.of(canary, FORWARDED_ADDRESS, USER_AGENT, "CanaryAgent"));

        // Sealed in "the browser" (here: Java, as report.js would), sent through the API.
        TestReports.Sealed sealed = TestReports.sealed(demoKey.keyFile(), canary + " api", "police");
        given().header("X-Forwarded-For", FORWARDED_ADDRESS).header("Forwarded", "for=" + FORWARDED_ADDRESS)
                .header("User-Agent", USER_AGENT).contentType(ContentType.JSON)
                .body(TestReports.json(sealed.body())).post("/api/reports").then().statusCode(201);
        secrets.add(sealed.token());
        secrets.add(sealed.receipt());
        secrets.add(HexFormat.of().formatHex(Base64Url.decode(sealed.token())));

        // Sealed on the server, without JavaScript, then the mailbox opened with the receipt.
        String page = given().header("X-Forwarded-For", FORWARDED_ADDRESS).header("User-Agent", USER_AGENT)
                .formParam("submission_key", TestReports.submissionKey()).formParam("crime_type", "fraud-scam")
                .formParam("role", "victim").formParam("account", canary + " no-js")
                .formParam("where_place", canary + " place").formParam("consent", "talk")
                .post("/en/report/send").then().statusCode(200).extract().asString();
        Matcher receipt = RECEIPT.matcher(page);
        assertTrue(receipt.find());
        secrets.add(receipt.group(1));
        secrets.add(receipt.group(1).replace(" ", ""));
        given().header("X-Forwarded-For", FORWARDED_ADDRESS).header("User-Agent", USER_AGENT)
                .formParam("receipt", receipt.group(1)).post("/en/mailbox").then().statusCode(200);

        // Failures must not log what was sent either.
        given().header("User-Agent", USER_AGENT).contentType(ContentType.JSON)
                .body("{\"submissionKey\":\"" + canary + "\",\"envelope\":{\"v\":1,\"kid\":\"" + canary + "\"}}")
                .post("/api/reports").then().statusCode(400);
        given().header("User-Agent", USER_AGENT).formParam("account", canary + " invalid")
                .post("/en/report/review").then().statusCode(200);

        List<String> found = new ArrayList<>();
        for (String row : everyRowOfEveryTable()) {
            for (String secret : secrets) {
                if (row.contains(secret)) {
                    found.add("database: " + secret);
                }
            }
            if (row.contains("canary-")) {
                found.add("database: a canary from another test");
            }
        }
        // The database's own files too (tables, indexes, write-ahead log): what a seized disk would hold.
        byte[] marker = "canary-".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Cleartext the server does keep (the intake key id on every report) proves the scan reaches table data.
        byte[] kept = demoKey.keyFile().kid().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean sawKeptCleartext = false;
        try (var files = Files.walk(Path.of("target/haven-test/postgres"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (java.io.IOException e) {
                    continue; // a file the server removed while we walked
                }
                if (indexOf(bytes, marker) >= 0) {
                    found.add("data directory: plaintext canary in " + file.getFileName());
                }
                sawKeptCleartext |= indexOf(bytes, kept) >= 0;
            }
        }
        assertTrue(sawKeptCleartext, "the data-directory scan reads the stored rows");
        String log = Files.readString(LOG);
        assertTrue(log.contains("started in"), "the test log is being written");
        for (String secret : secrets) {
            if (log.contains(secret)) {
                found.add("log: " + secret);
            }
        }
        if (log.contains("canary-")) {
            found.add("log: a canary from another test");
        }
        // The embedded PostgreSQL announces its own listening address when it starts; whether that line reaches
        // the log depends on when the file handler is ready. It is the server's address, not a client's.
        String clientLines = log.lines().filter(line -> !(line.contains("EmbeddedPostgres") && line.contains("listening on")))
                .collect(java.util.stream.Collectors.joining("\n"));
        if (clientLines.contains("127.0.0.1") || clientLines.contains("0:0:0:0:0:0:0:1")) {
            found.add("log: a client address");
        }
        assertEquals(List.of(), found);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private List<String> everyRowOfEveryTable() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet t = s.executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public'")) {
                while (t.next()) {
                    tables.add(t.getString(1));
                }
            }
            assertTrue(tables.contains("report") && tables.contains("mailbox_message"));
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("select t::text from \"" + table + "\" t")) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
            }
        }
        assertTrue(rows.size() > 3, "the scan reads rows");
        return rows;
    }
}
