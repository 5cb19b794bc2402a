package org.haven.intake;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reporter's answers as posted by the form: known questions only, text normalised, empty answers
 * dropped. Lives in memory only — the no-JavaScript path seals it and lets it go.
 */
public final class Answers {

    private final Map<String, List<String>> values;

    private Answers(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Keeps only the questionnaire's fields, so a crafted post cannot add a field (e.g. a name) to a report. */
    public static Answers fromForm(Map<String, List<String>> form) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        Questionnaire.questions().forEach(question -> {
            List<String> posted = form.getOrDefault(question.name(), List.of());
            List<String> cleaned = new ArrayList<>();
            for (String value : posted) {
                String clean = clean(value);
                if (!clean.isEmpty()) {
                    cleaned.add(clean);
                }
            }
            if (!cleaned.isEmpty()) {
                kept.put(question.name(), question.multiple() ? List.copyOf(cleaned) : List.of(cleaned.get(0)));
            }
        });
        return new Answers(kept);
    }

    public String value(String name) {
        List<String> list = values.get(name);
        return list == null ? "" : list.get(0);
    }

    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean has(String name, String code) {
        return values(name).contains(code);
    }

    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The sealed report's answers: a string per single answer, an array per multiple-choice answer. */
    public Map<String, Object> toSealedForm() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, list) -> out.put(name,
                Questionnaire.question(name).orElseThrow().multiple() ? list : list.get(0)));
        return out;
    }

    /** NFC, line endings unified, control characters other than newline and tab removed, trimmed. */
    static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC).replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .filter(cp -> cp == '\n' || cp == '\t' || !Character.isISOControl(cp))
                .forEach(out::appendCodePoint);
        return out.toString().strip();
    }
}
