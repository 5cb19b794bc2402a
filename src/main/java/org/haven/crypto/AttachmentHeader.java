package org.haven.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What chunk 0 of an attachment holds, and nothing else knows: the file's name and media type, its exact size,
 * and whether its metadata was removed before sealing.
 */
public record AttachmentHeader(String name, String type, long size, boolean cleaned) {

    public static final int MAX_NAME_CHARS = 255;
    private static final int MAX_JSON_BYTES = AttachmentFormat.HEADER_BYTES - 4;
    private static final Set<String> FIELDS = Set.of("name", "type", "size", "cleaned");
    private static final ObjectMapper JSON = new ObjectMapper();

    public AttachmentHeader {
        if (name == null || type == null || name.codePointCount(0, name.length()) > MAX_NAME_CHARS || size < 0) {
            throw new IllegalArgumentException("attachment header: name of at most 255 characters, a type, size >= 0");
        }
    }

    /** uint32_be(L) || JSON || zero bytes, exactly 4096 bytes. */
    public byte[] pad() {
        ObjectNode node = JSON.createObjectNode().put("name", name).put("type", type).put("size", size)
                .put("cleaned", cleaned);
        byte[] json = node.toString().getBytes(StandardCharsets.UTF_8);
        if (json.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("attachment header longer than 4092 bytes");
        }
        return ByteBuffer.allocate(AttachmentFormat.HEADER_BYTES).putInt(json.length).put(json).array();
    }

    /**
     * @throws MalformedEnvelopeException if the opened header is not exactly this format
     */
    public static AttachmentHeader unpad(byte[] padded) {
        if (padded.length != AttachmentFormat.HEADER_BYTES) {
            throw new MalformedEnvelopeException("attachment header must be 4096 bytes");
        }
        int length = ByteBuffer.wrap(padded).getInt();
        if (length < 2 || length > MAX_JSON_BYTES) {
            throw new MalformedEnvelopeException("attachment header length out of range");
        }
        for (int i = 4 + length; i < padded.length; i++) {
            if (padded[i] != 0) {
                throw new MalformedEnvelopeException("attachment header padding not zero");
            }
        }
        JsonNode node = StrictJson.read(new String(padded, 4, length, StandardCharsets.UTF_8), "attachment header");
        if (node == null || !node.isObject() || node.size() != FIELDS.size() || !node.path("name").isTextual()
                || !node.path("type").isTextual() || !node.path("size").isIntegralNumber()
                || !node.path("size").canConvertToLong() || !node.path("cleaned").isBoolean()) {
            throw new MalformedEnvelopeException("attachment header fields");
        }
        try {
            return new AttachmentHeader(node.get("name").textValue(), node.get("type").textValue(),
                    node.get("size").longValue(), node.get("cleaned").booleanValue());
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("attachment header values");
        }
    }
}
