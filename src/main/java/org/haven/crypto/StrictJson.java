package org.haven.crypto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the small closed JSON objects of {@code docs/envelope.md}: exact field set, no duplicates, no trailers.
 * The same rules apply when Jackson binds an {@link Envelope} or wrapped key from a request body (see
 * {@link Binding}), whatever the application's {@code ObjectMapper} settings.
 */
final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {
    }

    static JsonNode read(String json, String what) {
        if (json == null) {
            throw new MalformedEnvelopeException(what + ": missing");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEnvelopeException(what + ": not JSON");
        }
    }

    static JsonNode object(JsonNode node, Set<String> fields, String what) {
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
        return node;
    }

    static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new MalformedEnvelopeException(what + ": " + field + " must be a string");
        }
        return value.textValue();
    }

    static int integer(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (!value.isInt()) {
            throw new MalformedEnvelopeException(what + ": " + field + " must be an integer");
        }
        return value.intValue();
    }

    /**
     * Jackson binding through the strict reader. A malformed value becomes a {@link MismatchedInputException},
     * which REST layers answer with 400 rather than 500.
     */
    abstract static class Binding<T> extends JsonDeserializer<T> {

        private final Class<T> type;
        private final Function<JsonNode, T> reader;

        Binding(Class<T> type, Function<JsonNode, T> reader) {
            this.type = type;
            this.reader = reader;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            try {
                return reader.apply(node);
            } catch (MalformedEnvelopeException e) {
                throw MismatchedInputException.from(parser, type, e.getMessage());
            }
        }
    }
}
