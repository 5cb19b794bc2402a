package org.haven.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report inside the envelope: {@code {"schema":"haven.report/1","lang":"ar","answers":{...}}}, built the
 * same way by report.js. Answers are codes plus the reporter's own words; labels are added by whoever reads.
 */
public final class ReportPlaintext {

    public static final String SCHEMA = "haven.report/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPlaintext() {
    }

    public static byte[] encode(String lang, Answers answers) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schema", SCHEMA);
        document.put("lang", lang);
        document.put("answers", answers.toSealedForm());
        try {
            return JSON.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
