package org.haven.intake;

import java.util.ArrayList;
import java.util.List;
import org.haven.intake.attachment.HeldFile;
import org.haven.web.Msgs;

/**
 * The "check your report" page of the no-JavaScript path: each answer with its question, in the reporter's
 * language, and the answers again as hidden fields so "send" and "change" lose nothing.
 */
public record ReviewView(List<Row> rows, List<Hidden> hidden, String submissionKey, String errorKey,
        List<HeldFile> files) {

    public static ReviewView of(Answers answers, Msgs m, String submissionKey) {
        return of(answers, m, submissionKey, null);
    }

    /** The review page again after a failed send, with {@code errorKey} saying so above the answers. */
    public static ReviewView of(Answers answers, Msgs m, String submissionKey, String errorKey) {
        List<Row> rows = new ArrayList<>();
        List<Hidden> hidden = new ArrayList<>();
        Questionnaire.questions().forEach(question -> {
            if (!answers.has(question.name())) {
                return;
            }
            List<String> shown = answers.values(question.name()).stream()
                    .map(value -> question.options().isEmpty() ? value : m.t(question.optionKey(value)))
                    .toList();
            rows.add(new Row(m.t(question.labelKey()), shown, question.isTextarea()));
            answers.values(question.name()).forEach(value -> hidden.add(new Hidden(question.name(), value)));
        });
        return new ReviewView(rows, hidden, submissionKey, errorKey, List.of());
    }

    /** The same page listing the files held for this report (no JavaScript), each with what was done to it. */
    public ReviewView with(List<HeldFile> held) {
        return new ReviewView(rows, hidden, submissionKey, errorKey, List.copyOf(held));
    }

    public boolean hasFiles() {
        return !files.isEmpty();
    }

    public record Row(String question, List<String> answers, boolean longText) {
    }

    public record Hidden(String name, String value) {
    }
}
