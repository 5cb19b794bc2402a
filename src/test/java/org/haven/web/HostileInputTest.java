package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.haven.casework.StaffClient;
import org.haven.casework.TestStaff;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;
import org.haven.crypto.ReceiptKeys;
import org.haven.intake.DemoIntakeKey;
import org.haven.intake.ReceiptTokens;
import org.haven.intake.TestReportsBridge;
import org.haven.referral.Db;
import org.haven.referral.TestForces;
import org.junit.jupiter.api.Test;

/**
 * Sends every request of the hostile corpus ({@code src/test/resources/hostile}) to the running Haven over a raw
 * socket and checks each answer: the expected 4xx or handled page, never a 5xx, never a stack trace, class name or
 * database error text, no injected response header, no markup echoed unescaped. Afterwards no table and no log
 * line holds a canary that a hostile request carried.
 */
@QuarkusTest
class HostileInputTest {

    private static final String CANARY = "HOSTILE-CANARY-";
    /** The force this class proposes referrals to; its endpoint refuses connections, so nothing is delivered. */
    private static final String FORCE = "humberside";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What no answer may show: stack frames, exception and framework class names, database and parser errors. */
    private static final Pattern LEAK = Pattern.compile(String.join("|",
            "\\bat [\\w$]+(\\.[\\w$]+)+\\(", "Exception\\b", "Caused by", "\\b(java|javax|jakarta|org|io|com)\\.[a-z]\\w*\\.[\\w.]*[A-Z]",
            "io\\.(quarkus|vertx|netty|smallrye)", "org\\.(jboss|hibernate|postgresql|bouncycastle)", "com\\.fasterxml",
            "SQLState|SQLSTATE|syntax error at or near|duplicate key value|violates \\w+ constraint|relation \"",
            "\\[Source: |line: \\d+, column: \\d+|Unexpected character|Unrecognized token", "root:x:0:0",
            "quarkus\\.http\\.|haven\\.dev-keys|\\[fonts\\]"));

    @TestHTTPResource("/")
    URL base;

    @Inject
    StaffAuth auth;

    @Inject
    DemoIntakeKey demoKey;

    @Inject
    ReceiptTokens receiptTokens;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyHostileRequestIsRefusedOrHandledWithoutLeakingAndNothingIsStoredInClear() throws Throwable {
        Db db = new Db(dataSource);
        List<String> reportsBefore = db.texts("select id::text from report");
        TestForces.enable(dataSource, FORCE, "http://127.0.0.1:9/referrals");
        Fixture fixture = new Fixture();
        List<HostileCorpus.Entry> corpus = HostileCorpus.load();
        assertTrue(corpus.size() >= 500, "the corpus holds " + corpus.size() + " requests");

        List<String> failures = new ArrayList<>();
        Map<String, int[]> byCategory = new TreeMap<>();
        Map<Integer, int[]> byStatus = new TreeMap<>();
        StringBuilder answers = new StringBuilder("# number\tcategory\tstatus\twhat\n");
        long started = System.nanoTime();
        try {
            for (HostileCorpus.Entry entry : corpus) {
                byCategory.computeIfAbsent(entry.category(), c -> new int[1])[0]++;
                RawHttp.Answer answer = send(fixture, entry);
                byStatus.computeIfAbsent(answer.status(), s -> new int[1])[0]++;
                answers.append(entry.number()).append('\t').append(entry.category()).append('\t')
                        .append(answer.status()).append('\t').append(entry.what().replaceAll("\\p{Cntrl}", "?"))
                        .append('\n');
                String problem = judge(entry, answer);
                if (problem != null) {
                    failures.add(entry + ": " + problem);
                }
            }
        } finally {
            TestForces.disable(dataSource, FORCE);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        StringBuilder summary = new StringBuilder("Hostile corpus: " + corpus.size() + " requests in " + seconds + " s;");
        byCategory.forEach((category, n) -> summary.append(' ').append(category).append('=').append(n[0]));
        summary.append("; answered");
        byStatus.forEach((status, n) -> summary.append(' ').append(status == 0 ? "closed" : status).append('=').append(n[0]));
        System.out.println(summary);
        // Every answer, one a line, to read what Haven said to each request.
        Files.writeString(Path.of("target/hostile-answers.tsv"), answers, StandardCharsets.UTF_8);

        try {
            assertEquals(List.of(), failures, failures.size() + " hostile requests were mishandled");
            assertEquals(200, RawHttp.exchange(port(), "GET /q/health/ready HTTP/1.1\r\nHost: x\r\nConnection: close",
                    new byte[0], 10_000).status(), "Haven is still healthy");
            assertEquals(List.of(), columnsHolding(CANARY), "columns holding a canary in clear");
            Path log = Path.of("target/haven-test/haven.log");
            assertTrue(!Files.exists(log) || !Files.readString(log, StandardCharsets.ISO_8859_1).contains(CANARY),
                    "the log holds a canary");
        } finally {
            // Leave the inbox as other classes expect it, pass or fail: the reports this run created go (cascading
            // to messages). Some hold envelopes of the wrong purpose, which other classes could not open.
            db.execute("delete from report where not (id::text = any (?))", (Object) reportsBefore.toArray(String[]::new));
        }
    }

    /**
     * A body sent a byte a second (slow loris): once {@code haven.request-arrival-timeout} (3 s in tests) has
     * passed, Haven closes the connection without waiting for the rest, and keeps serving everyone else.
     */
    @Test
    void closesTheConnectionOfABodyThatTricklesInPastTheTimeout() throws Exception {
        long started = System.nanoTime();
        boolean closed = false;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.setSoTimeout(1000);
            var out = socket.getOutputStream();
            out.write(("POST /api/mailbox HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20 && !closed; i++) {
                try {
                    out.write('{');
                    out.flush();
                    int first = socket.getInputStream().read(); // waits a second for the server to do anything
                    assertEquals(-1, first, "the server closes the connection rather than answering");
                    closed = true;
                } catch (java.net.SocketTimeoutException e) {
                    // still open: send the next byte
                } catch (java.io.IOException e) {
                    closed = true; // reset by the server
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(closed && seconds < 15, "the trickling connection was closed after " + seconds + " s");
        assertEquals(200, RawHttp.exchange(port(), "GET /q/health/ready HTTP/1.1\r\nHost: x\r\nConnection: close",
                new byte[0], 10_000).status(), "Haven is still healthy");
    }

    private static String judge(HostileCorpus.Entry entry, RawHttp.Answer answer) {
        if (answer.status() >= 500) {
            return "answered " + answer.status() + ": " + excerpt(answer.body());
        }
        if (!entry.expects(answer.status())) {
            return "answered " + answer.status() + ", expected " + entry.expect() + ": " + excerpt(answer.body());
        }
        String everything = String.join("\n", answer.headers()) + "\n" + answer.body();
        Matcher leak = LEAK.matcher(everything);
        if (leak.find()) {
            return "leaks \"" + leak.group() + "\" in: " + excerpt(everything.substring(Math.max(0, leak.start() - 80)));
        }
        for (String header : answer.headers()) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("x-injected") || lower.startsWith("set-cookie: injected")) {
                return "an injected response header: " + header;
            }
        }
        String type = answer.header("content-type");
        if ("html".equals(entry.category()) && entry.payload().contains("<") && type != null
                && type.startsWith("text/html") && answer.body().contains(entry.payload())) {
            return "markup echoed unescaped";
        }
        return null;
    }

    private RawHttp.Answer send(Fixture fixture, HostileCorpus.Entry entry) throws Exception {
        Function<String, String> fill = text -> fixture.fill(text, entry);
        String path = fill.apply(entry.path());
        List<String> headers = new ArrayList<>();
        String given = entry.headers().equals("-") ? "" : fill.apply(entry.headers());
        for (String header : given.split("\\|\\|")) {
            if (!header.isEmpty() && !header.equals("{nohost}")) {
                headers.add(header);
            }
        }
        String lower = given.toLowerCase(java.util.Locale.ROOT);
        if (!lower.contains("host:") && !given.contains("{nohost}")) {
            headers.add("Host: 127.0.0.1:" + port());
        }
        if (!entry.auth().equals("none")) {
            StaffClient.Session session = entry.auth().equals("admin") ? fixture.admin : fixture.caseworker;
            if (!lower.contains("cookie:")) {
                headers.add("Cookie: " + StaffClient.COOKIE + "=" + session.cookie());
            }
            if (!lower.contains("x-csrf-token:")) {
                headers.add("X-CSRF-Token: " + session.csrf());
            }
        }
        byte[] body = entry.body().equals("-") ? new byte[0] : fixture.body(fill.apply(entry.body()));
        if (!lower.contains("content-length:") && !lower.contains("transfer-encoding:")
                && (body.length > 0 || !entry.method().equals("GET"))) {
            headers.add("Content-Length: " + body.length);
        }
        headers.add("Connection: close");
        String head = entry.method() + " " + path + " HTTP/1.1\r\n" + String.join("\r\n", headers);
        return RawHttp.exchange(port(), head, body, 20_000);
    }

    /** Real things the corpus refers to: a report, its token, staff sessions, the parts of real envelopes. */
    private final class Fixture {

        final StaffClient.Session caseworker;
        final StaffClient.Session admin;
        final String token;
        final String caseId;
        final String kid;
        final byte[] intakePublic;
        final Envelope envelope;
        final ReceiptKeys.WrappedKey wrapped;
        final Hpke.KeyPair mailbox = Hpke.generateKeyPair();

        Fixture() throws Throwable {
            caseworker = TestStaff.create(auth, dataSource, "caseworker").signIn(0);
            admin = TestStaff.create(auth, dataSource, "admin").signIn(0);
            token = TestReportsBridge.submit(demoKey, "hostile corpus report");
            caseId = new Db(dataSource).text("select id::text from report where token_hash = ?",
                    receiptTokens.hash(Base64Url.decode(token)));
            kid = demoKey.keyFile().kid();
            intakePublic = Base64Url.decode(demoKey.keyFile().publicKey());
            envelope = sealed(Purpose.REPORT);
            wrapped = ReceiptKeys.wrap(ReceiptKeys.newReceipt(RANDOM), mailbox.privateKey(), mailbox.publicKey());
        }

        Envelope sealed(Purpose purpose) {
            return Envelopes.seal(purpose, kid, intakePublic, "{\"schema\":\"hostile\"}".getBytes(StandardCharsets.UTF_8));
        }

        String fill(String text, HostileCorpus.Entry entry) {
            byte[] enc = Base64Url.decode(envelope.enc());
            byte[] ct = Base64Url.decode(envelope.ct());
            String out = text;
            if (entry.payload() != null) {
                out = out.replace("{pu}", HostileCorpus.percentEncode(entry.payload()))
                        .replace("{pj}", HostileCorpus.jsonEscape(entry.payload())).replace("{p}", entry.payload());
            }
            out = out.replace("{canary}", CANARY + entry.number() + "-" + UUID.randomUUID())
                    .replace("{case}", caseId).replace("{force}", FORCE).replace("{token}", token)
                    .replace("{uuid}", UUID.randomUUID().toString())
                    .replace("{subkey}", random(18)).replace("{newtoken}", random(32)).replace("{pj0}", "' OR '1'='1")
                    .replace("{kid}", kid).replace("{enc}", envelope.enc()).replace("{ct}", envelope.ct())
                    .replace("{env}", envelope.toJson()).replace("{mbpub}", Base64Url.encode(mailbox.publicKey()))
                    .replace("{mbpub64}", Base64Url.encode(java.util.Arrays.copyOf(mailbox.publicKey(), 64)))
                    .replace("{wrapped}", wrapped.toJson()).replace("{walg}", wrapped.alg())
                    .replace("{witer}", String.valueOf(wrapped.iter())).replace("{wsalt}", wrapped.salt())
                    .replace("{wiv}", wrapped.iv()).replace("{wct}", wrapped.ct())
                    .replace("{enc-1}", envelope.enc().substring(0, envelope.enc().length() - 1))
                    .replace("{enc64}", Base64Url.encode(java.util.Arrays.copyOf(enc, 64)))
                    .replace("{encstd}", Base64.getEncoder().encodeToString(enc))
                    .replace("{enccompressed}", Base64Url.encode(compressed(enc)))
                    .replace("{encoffcurve}", Base64Url.encode(offCurve(enc)))
                    .replace("{enczero}", Base64Url.encode(zeroPoint()))
                    .replace("{ct-1}", envelope.ct().substring(0, envelope.ct().length() - 1))
                    .replace("{ctshort}", Base64Url.encode(java.util.Arrays.copyOf(ct, ct.length - 1)));
            Matcher purpose = Pattern.compile("\\{envFor:(\\w+)\\}").matcher(out);
            out = purpose.replaceAll(m -> Matcher.quoteReplacement(sealed(Purpose.valueOf(m.group(1))).toJson()));
            return expandSizes(out);
        }

        /** The body's bytes: text as UTF-8, except the byte-level macros. */
        byte[] body(String text) throws Exception {
            if (text.equals("{gzipbomb}")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(new byte[20_000_000]);
                }
                return out.toByteArray();
            }
            if (text.startsWith("{utf16:")) {
                return text.substring(7, text.length() - 1).getBytes(StandardCharsets.UTF_16);
            }
            if (text.startsWith("{chunked:")) {
                byte[] inner = body(text.substring(9, text.length() - 1));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write((Integer.toHexString(inner.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(inner);
                out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return out.toByteArray();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Matcher raw = Pattern.compile("\\{bytes:([0-9A-F ]+)\\}").matcher(text);
            int at = 0;
            while (raw.find()) {
                out.write(text.substring(at, raw.start()).getBytes(StandardCharsets.UTF_8));
                out.write(HexFormat.ofDelimiter(" ").parseHex(raw.group(1)));
                at = raw.end();
            }
            out.write(text.substring(at).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    /** {@code {nest:N}}, {@code {nestobj:N}}, {@code {big:N}}, {@code {zeros:N}}, {@code {members:N}}, ... */
    private static String expandSizes(String text) {
        Matcher m = Pattern.compile("\\{(nest|nestobj|big|zeros|members|manyheaders|langs):(\\d+)\\}").matcher(text);
        return m.replaceAll(match -> {
            int n = Integer.parseInt(match.group(2));
            String expanded = switch (match.group(1)) {
                case "nest" -> "[".repeat(n) + "]".repeat(n);
                case "nestobj" -> "{\"a\":".repeat(n) + "1" + "}".repeat(n);
                case "big" -> "A".repeat(n);
                case "zeros" -> "0".repeat(n);
                case "members" -> {
                    StringBuilder s = new StringBuilder("{");
                    for (int i = 0; i < n; i++) {
                        s.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
                    }
                    yield s.append('}').toString();
                }
                case "manyheaders" -> {
                    StringBuilder s = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        s.append(i == 0 ? "" : "||").append("X-H").append(i).append(": ").append(i);
                    }
                    yield s.toString();
                }
                default -> {
                    StringBuilder s = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        s.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "ar" : "en").append(";q=0.").append(i % 10);
                    }
                    yield s.toString();
                }
            };
            return Matcher.quoteReplacement(expanded);
        });
    }

    /** Every text, json and bytea column of every table, with how many rows hold {@code needle} in it. */
    private List<String> columnsHolding(String needle) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select table_name, column_name, data_type from "
                    + "information_schema.columns where table_schema = 'public' and data_type in "
                    + "('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
                }
            }
            assertTrue(columns.size() > 20, "found the columns to scan");
            for (String[] column : columns) {
                String where = column[2].equals("bytea") ? "position(convert_to(?, 'UTF8') in \"" + column[1] + "\") > 0"
                        : "position(? in \"" + column[1] + "\"::text) > 0";
                try (PreparedStatement s = c.prepareStatement(
                        "select count(*) from \"" + column[0] + "\" where " + where)) {
                    s.setString(1, needle);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            found.add(column[0] + "." + column[1] + " (" + r.getLong(1) + " rows)");
                        }
                    }
                }
            }
        }
        return found;
    }

    private static byte[] compressed(byte[] point) {
        byte[] out = java.util.Arrays.copyOf(point, 33);
        out[0] = (byte) (2 + (point[64] & 1));
        return out;
    }

    private static byte[] offCurve(byte[] point) {
        byte[] out = point.clone();
        out[64] ^= 1;
        return out;
    }

    private static byte[] zeroPoint() {
        byte[] out = new byte[65];
        out[0] = 4;
        return out;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64Url.encode(b);
    }

    private static String excerpt(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private int port() {
        return base.getPort();
    }
}
