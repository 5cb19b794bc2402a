package org.haven.intake;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentOpener;
import org.haven.crypto.AttachmentSealer;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.Purpose;

/**
 * Uploads files as the reporter's browser will (docs/attachments.md): sealed for real with the Java sealer, then
 * created and put chunk by chunk over HTTP. Also used outside the intake package (staff and seized-server tests).
 */
public final class TestAttachments {

    public static final String TOKEN_HEADER = "Haven-Upload-Token";

    private TestAttachments() {
    }

    /** A file sealed and created on the server; its chunks are held here until put. */
    public record Upload(UUID id, String token, String kid, byte[] enc, List<byte[]> chunks) {

        public Response put(int index) {
            return put(index, chunks.get(index));
        }

        public Response put(int index, byte[] body) {
            return given().header(TOKEN_HEADER, token).contentType(ContentType.BINARY).body(body)
                    .put("/api/attachments/" + id + "/chunks/" + index);
        }

        /** Puts every chunk, in order, each answered 204. */
        public Upload putAll() {
            for (int i = 0; i < chunks.size(); i++) {
                put(i).then().statusCode(204);
            }
            return this;
        }

        public Response status() {
            return given().header(TOKEN_HEADER, token).get("/api/attachments/" + id);
        }

        /** The member a report or message names it with. */
        public Map<String, String> claim() {
            return Map.of("id", id.toString(), "token", token);
        }
    }

    /** Seals {@code file} to the key, creates the upload (201 expected) and seals with the id it was given. */
    public static Upload create(String kid, byte[] publicKey, String name, String type, byte[] file) {
        AttachmentSealer sealer = AttachmentSealer.to(kid, publicKey);
        int chunks = AttachmentFormat.chunkCount(file.length);
        Map<String, Object> created = createRequest(kid, sealer.enc(), chunks).then().statusCode(201).extract()
                .jsonPath().getMap("");
        UUID id = UUID.fromString((String) created.get("id"));
        List<byte[]> sealed = new ArrayList<>();
        try {
            sealer.seal(id, new AttachmentHeader(name, type, file.length, type.startsWith("image/")),
                    new ByteArrayInputStream(file), (index, ct) -> sealed.add(ct));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Upload(id, (String) created.get("token"), kid, sealer.enc(), sealed);
    }

    public static Upload create(DemoKeyFile key, String name, String type, byte[] file) {
        return create(key.kid(), Base64Url.decode(key.publicKey()), name, type, file);
    }

    /** A reporter's mailbox message as mailbox.js sends it, naming {@code claims} (none: no attachments member). */
    public static Map<String, Object> message(DemoKeyFile key, String token, List<Map<String, String>> claims) {
        byte[] text = "{\"text\":\"more evidence\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("token", token);
        body.put("envelope", TestReports.parse(Envelopes.seal(Purpose.MESSAGE, key.kid(),
                Base64Url.decode(key.publicKey()), text).toJson()));
        body.put("copy", TestReports.parse(Envelopes.seal(Purpose.MESSAGE, "mailbox",
                Hpke.generateKeyPair().publicKey(), text).toJson()));
        if (!claims.isEmpty()) {
            body.put("attachments", claims);
        }
        return body;
    }

    /** A stored attachment opened: its header and its bytes. */
    public record Opened(AttachmentHeader header, byte[] bytes) {
    }

    /** Opens a stored attachment straight from the database with the intake private key, as a caseworker would. */
    public static Opened openStored(java.sql.Connection c, DemoKeyFile key, UUID id) throws Exception {
        String kid;
        byte[] enc;
        int chunks;
        try (java.sql.PreparedStatement s = c.prepareStatement("select kid, enc, chunk_count from attachment where id = ?")) {
            s.setObject(1, id);
            try (java.sql.ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new AssertionError("no attachment " + id);
                }
                kid = r.getString(1);
                enc = r.getBytes(2);
                chunks = r.getInt(3);
            }
        }
        AttachmentOpener opener = new AttachmentOpener(key.privateKeyBytes(), kid, enc, id, chunks);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        AttachmentHeader header = opener.open(index -> storedChunk(c, id, index), out);
        return new Opened(header, out.toByteArray());
    }

    private static byte[] storedChunk(java.sql.Connection c, UUID id, int index) throws IOException {
        try (java.sql.PreparedStatement s = c.prepareStatement(
                "select body from attachment_chunk where attachment_id = ? and chunk_index = ?")) {
            s.setObject(1, id);
            s.setInt(2, index);
            try (java.sql.ResultSet r = s.executeQuery()) {
                return r.next() ? r.getBytes(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
    }

    public static Response createRequest(String kid, byte[] enc, int chunks) {
        return given().contentType(ContentType.JSON)
                .body(TestReports.json(Map.of("kid", kid, "enc", Base64Url.encode(enc), "chunks", chunks)))
                .post("/api/attachments");
    }
}
