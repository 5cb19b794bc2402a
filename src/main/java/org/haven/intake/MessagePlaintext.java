package org.haven.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mailbox message inside its envelope: {@code {"schema":"haven.message/1","lang":"ar","text":"..."}}, the
 * same from the reporter's browser, the caseworker's browser and the no-JavaScript path.
 */
public final class MessagePlaintext {

    public static final String SCHEMA = "haven.message/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessagePlaintext() {
    }

    public static byte[] encode(String lang, String text) {
        Map<String, String> document = new LinkedHashMap<>();
        document.put("schema", SCHEMA);
        document.put("lang", lang);
        document.put("text", text);
        try {
            return JSON.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of an opened message, or null if it is not a message document. */
    public static String text(byte[] plaintext) {
        try {
            var node = JSON.readTree(new String(plaintext, StandardCharsets.UTF_8));
            return SCHEMA.equals(node.path("schema").asText()) ? node.path("text").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
