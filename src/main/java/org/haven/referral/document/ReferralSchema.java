package org.haven.referral.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a referral document against the published JSON Schema (draft 2020-12), then against the rules a
 * schema cannot say: dates are real calendar dates, not in the future, and a range ends after it starts.
 * Used by Haven before anything is queued and by the reference receiver after a referral is opened.
 */
public final class ReferralSchema {

    /** Where the schema is on the classpath; Quarkus also serves it at {@code /referral/v1/schema.json}. */
    public static final String RESOURCE = "META-INF/resources/referral/v1/schema.json";

    /** The document version this class checks, as the {@code schema} member names it. */
    public static final String VERSION = "haven.referral/1";

    private static final Validator VALIDATOR = Validator.create(JsonSchema.of(load()),
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://haven.invalid/")
                    .setOutputFormat(OutputFormat.Basic));

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferralSchema() {
    }

    /** A reason the document is refused: a JSON Pointer into the document and what is wrong there. */
    public record Violation(String path, String problem) {
    }

    /** Every violation found, in document order; empty when the document is a valid version 1 referral. */
    public static List<Violation> check(JsonNode document, LocalDate today) {
        List<Violation> violations = new ArrayList<>();
        if (document == null || !document.isObject()) {
            violations.add(new Violation("", "A referral must be a JSON object."));
            return violations;
        }
        OutputUnit result = VALIDATOR.validate(new JsonObject(JSON.convertValue(document, java.util.Map.class)));
        if (!Boolean.TRUE.equals(result.getValid())) {
            violations.addAll(innermost(result.getErrors() == null ? List.of() : result.getErrors()));
            if (violations.isEmpty()) {
                violations.add(new Violation("", "The document does not match the referral schema."));
            }
        }
        checkDates(document.path("event").path("when"), today, violations);
        violations.sort(Comparator.comparing(Violation::path));
        java.util.Set<String> seen = new java.util.HashSet<>();
        return violations.stream().filter(v -> seen.add(v.path())).toList();
    }

    /**
     * The validator reports every failing schema along the path (the object, then the member); a caseworker
     * needs only the innermost place, once.
     */
    private static List<Violation> innermost(List<OutputUnit> errors) {
        java.util.Map<String, String> byPath = new java.util.LinkedHashMap<>();
        for (OutputUnit error : errors) {
            String path = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().replaceFirst("^#", "");
            byPath.putIfAbsent(path, error.getError() == null ? "is not allowed here" : error.getError());
        }
        return byPath.entrySet().stream()
                .filter(e -> byPath.keySet().stream().noneMatch(other -> other.startsWith(e.getKey() + "/")))
                .map(e -> new Violation(e.getKey(), e.getValue())).toList();
    }

    private static void checkDates(JsonNode when, LocalDate today, List<Violation> violations) {
        LocalDate from = date(when, "from", today, violations);
        LocalDate until = date(when, "until", today, violations);
        if (from != null && until != null && until.isBefore(from)) {
            violations.add(new Violation("/event/when/until", "The last date is before the first date."));
        }
    }

    private static LocalDate date(JsonNode when, String name, LocalDate today, List<Violation> violations) {
        JsonNode value = when.get(name);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String path = "/event/when/" + name;
        try {
            LocalDate date = LocalDate.parse(value.asText());
            if (date.isAfter(today)) {
                violations.add(new Violation(path, "The date is in the future."));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            violations.add(new Violation(path, "The date is not a calendar date (YYYY-MM-DD)."));
            return null;
        }
    }

    /** Today in UTC, the clock both Haven and the reference receiver judge "the future" by. */
    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static JsonObject load() {
        try (InputStream in = ReferralSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The referral schema is missing from the classpath: " + RESOURCE);
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
