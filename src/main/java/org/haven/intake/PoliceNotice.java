package org.haven.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Haven's own mailbox notice that a report was passed to police (sender {@code haven}, written by the outbox
 * when a force accepts): {@code {"schema":"haven.police/1","force":"metropolitan","reference":"CAD 123/24"}},
 * with {@code reference} null when the force gave none. The page words it in the reporter's language.
 */
final class PoliceNotice {

    static final String SCHEMA = "haven.police/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoliceNotice() {
    }

    /** The force's reference; empty when it gave none; null when the plaintext is not a police notice. */
    static String reference(byte[] plaintext) {
        try {
            JsonNode node = JSON.readTree(plaintext);
            if (!SCHEMA.equals(node.path("schema").asText())) {
                return null;
            }
            JsonNode reference = node.path("reference");
            return reference.isTextual() ? reference.asText() : "";
        } catch (Exception e) {
            return null;
        }
    }
}
