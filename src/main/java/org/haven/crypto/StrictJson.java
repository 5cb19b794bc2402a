package org.haven.crypto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/** Reads the small closed JSON objects of {@code docs/envelope.md}: exact field set, no duplicates, no trailers. */
final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {
    }

    static ObjectNode object(String json, Set<String> fields, String what) {
        if (json == null) {
            throw new MalformedEnvelopeException(what + ": missing");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEnvelopeException(what + ": not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEnvelopeException(what + ": not a JSON object");
        }
        Set<String> present = new HashSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            present.add(names.next());
        }
        if (!present.equals(fields)) {
            throw new MalformedEnvelopeException(what + ": fields must be exactly " + fields);
        }
        return (ObjectNode) node;
    }

    static String text(ObjectNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new MalformedEnvelopeException(what + ": " + field + " must be a string");
        }
        return value.textValue();
    }

    static int integer(ObjectNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (!value.isInt()) {
            throw new MalformedEnvelopeException(what + ": " + field + " must be an integer");
        }
        return value.intValue();
    }
}
