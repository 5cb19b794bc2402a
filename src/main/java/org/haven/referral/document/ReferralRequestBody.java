package org.haven.referral.document;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.Base64Url;

/**
 * The body of a referral request that carries files (docs/referral.md section 7): {@code multipart/mixed}, a JSON
 * manifest part (the referral envelope and, per file, what opening it needs), then one part per file holding its
 * sealed chunks back to back. Haven builds it; the reference receiver parses it. A file part's length follows from
 * its chunk count, so the parser reads it by length and never searches sealed bytes for the boundary.
 */
public final class ReferralRequestBody {

    public static final String MANIFEST_TYPE = "application/json";
    public static final String FILE_TYPE = "application/octet-stream";
    /** Files per referral, and data chunks over all of them (20 MiB of file). */
    public static final int MAX_FILES = 5;
    public static final int MAX_DATA_CHUNKS = 80;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern MULTIPART = Pattern.compile(
            "multipart/mixed\\s*;\\s*boundary=\"?([0-9A-Za-z'()+_,./:=?-]{1,70})\"?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ReferralRequestBody() {
    }

    /** One sealed file: what the manifest says of it, and its chunks concatenated in index order. */
    public record File(UUID id, String kid, byte[] enc, int chunks, byte[] sealed) {

        /** The exact length of a file part with {@code chunks} chunks: 4112 + (n - 1) x 262160. */
        public static long sealedLength(int chunks) {
            return AttachmentFormat.SEALED_HEADER_BYTES + (chunks - 1L) * AttachmentFormat.SEALED_CHUNK_BYTES;
        }

        /** Chunk {@code index}, as the attachment opener wants it. */
        public byte[] chunk(int index) {
            int from = index == 0 ? 0 : AttachmentFormat.SEALED_HEADER_BYTES + (index - 1) * AttachmentFormat.SEALED_CHUNK_BYTES;
            return Arrays.copyOfRange(sealed, from, from + AttachmentFormat.sealedSize(index));
        }
    }

    /** A parsed request: the referral envelope (as JSON text) and the files, in the manifest's order. */
    public record Parsed(String envelope, List<File> files) {
    }

    /** Thrown for a body that is not this format; the message names the rule, never the content. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }

    /** {@code multipart/mixed; boundary=haven-<referral id without hyphens>}: the same on every retry. */
    public static String contentType(UUID referralId) {
        return "multipart/mixed; boundary=" + boundary(referralId);
    }

    private static String boundary(UUID referralId) {
        return "haven-" + referralId.toString().replace("-", "");
    }

    /** The body for {@code envelope} (the referral envelope's JSON) and its files: the same bytes every time. */
    public static byte[] build(UUID referralId, String envelope, List<File> files) {
        try {
            ObjectNode manifest = JSON.createObjectNode();
            manifest.set("referral", JSON.readTree(envelope));
            ArrayNode list = manifest.putArray("files");
            for (File file : files) {
                list.addObject().put("id", file.id().toString()).put("kid", file.kid())
                        .put("enc", Base64Url.encode(file.enc())).put("chunks", file.chunks());
            }
            byte[] delimiter = ("--" + boundary(referralId)).getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + files.stream().mapToInt(f -> f.sealed().length).sum());
            out.write(delimiter);
            part(out, MANIFEST_TYPE, JSON.writeValueAsBytes(manifest));
            for (File file : files) {
                out.write(CRLF);
                out.write(delimiter);
                part(out, FILE_TYPE, file.sealed());
            }
            out.write(CRLF);
            out.write(delimiter);
            out.write(new byte[] {'-', '-', '\r', '\n'});
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("the referral envelope is not JSON", e);
        }
    }

    private static void part(ByteArrayOutputStream out, String type, byte[] content) throws IOException {
        out.write(("\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(content);
    }

    /** SHA-256 of a file part: what the document's {@code evidence} lists for it. */
    public static byte[] sha256(byte[] sealed) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(sealed);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The boundary of a {@code multipart/mixed} Content-Type, or null if the type is not that. */
    public static String boundaryOf(String contentType) {
        Matcher matcher = contentType == null ? null : MULTIPART.matcher(contentType.strip());
        return matcher != null && matcher.matches() ? matcher.group(1) : null;
    }

    /** Parses a body built by {@link #build}, strictly: anything else is malformed. */
    public static Parsed parse(String boundary, byte[] body) throws MalformedException {
        Reader in = new Reader(body, ("--" + boundary).getBytes(StandardCharsets.US_ASCII));
        in.expect(in.delimiter, "the body does not start with the boundary");
        in.header(MANIFEST_TYPE);
        int end = in.find(in.closeDelimiter());
        JsonNode manifest;
        try {
            manifest = JSON.readTree(Arrays.copyOfRange(body, in.at, end));
        } catch (IOException e) {
            throw new MalformedException("the manifest is not JSON");
        }
        in.at = end;
        if (manifest == null || !manifest.isObject() || manifest.size() != 2 || !manifest.path("referral").isObject()
                || !manifest.path("files").isArray() || manifest.get("files").isEmpty()
                || manifest.get("files").size() > MAX_FILES) {
            throw new MalformedException("the manifest is not {referral, files} with 1 to " + MAX_FILES + " files");
        }
        List<File> files = new ArrayList<>();
        long dataChunks = 0;
        for (JsonNode entry : manifest.get("files")) {
            File described = describe(entry);
            dataChunks += described.chunks() - 1L;
            if (dataChunks > MAX_DATA_CHUNKS) {
                throw new MalformedException("the files are larger than " + MAX_DATA_CHUNKS + " chunks together");
            }
            in.expect(in.closeDelimiter(), "a file part is missing");
            in.header(FILE_TYPE);
            long length = File.sealedLength(described.chunks());
            if (body.length - in.at < length) {
                throw new MalformedException("a file part is shorter than its chunk count says");
            }
            byte[] sealed = Arrays.copyOfRange(body, in.at, in.at + (int) length);
            in.at += (int) length;
            files.add(new File(described.id(), described.kid(), described.enc(), described.chunks(), sealed));
        }
        in.expect(in.closeDelimiter(), "a file part is longer than its chunk count says");
        in.expect("--".getBytes(StandardCharsets.US_ASCII), "there are more parts than the manifest lists");
        if (in.at != body.length && !(in.at + 2 == body.length && body[in.at] == '\r' && body[in.at + 1] == '\n')) {
            throw new MalformedException("something follows the last boundary");
        }
        return new Parsed(manifest.get("referral").toString(), files);
    }

    private static File describe(JsonNode entry) throws MalformedException {
        if (!entry.isObject() || entry.size() != 4 || !ID.matcher(entry.path("id").asText("")).matches()
                || !entry.path("kid").isTextual() || !entry.path("enc").isTextual() || !entry.path("chunks").isInt()
                || entry.get("chunks").intValue() < 2 || entry.get("chunks").intValue() > MAX_DATA_CHUNKS + 1) {
            throw new MalformedException("a manifest file is not {id, kid, enc, chunks}");
        }
        try {
            return new File(UUID.fromString(entry.get("id").textValue()), entry.get("kid").textValue(),
                    Base64Url.decode(entry.get("enc").textValue()), entry.get("chunks").intValue(), null);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("a manifest file's enc is not base64url");
        }
    }

    /** A cursor over the body. */
    private static final class Reader {
        private final byte[] body;
        private final byte[] delimiter;
        private int at;

        Reader(byte[] body, byte[] delimiter) {
            this.body = body;
            this.delimiter = delimiter;
        }

        byte[] closeDelimiter() {
            byte[] close = new byte[delimiter.length + 2];
            close[0] = '\r';
            close[1] = '\n';
            System.arraycopy(delimiter, 0, close, 2, delimiter.length);
            return close;
        }

        void expect(byte[] bytes, String problem) throws MalformedException {
            if (body.length - at < bytes.length || !Arrays.equals(body, at, at + bytes.length, bytes, 0, bytes.length)) {
                throw new MalformedException(problem);
            }
            at += bytes.length;
        }

        /** CRLF, exactly one {@code Content-Type: <type>} line, and the blank line. */
        void header(String type) throws MalformedException {
            int end = find("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String headers = new String(body, at, end - at, StandardCharsets.US_ASCII);
            if (!headers.toLowerCase(Locale.ROOT).equals("\r\ncontent-type: " + type)) {
                throw new MalformedException("a part's header is not Content-Type: " + type);
            }
            at = end + 4;
        }

        /** Where {@code bytes} next occur from the cursor (the manifest and headers are short text). */
        int find(byte[] bytes) throws MalformedException {
            for (int i = at; i <= body.length - bytes.length; i++) {
                if (Arrays.equals(body, i, i + bytes.length, bytes, 0, bytes.length)) {
                    return i;
                }
            }
            throw new MalformedException("a part does not end");
        }
    }
}
