package org.haven.intake;

import java.util.List;
import org.haven.crypto.Base64Url;
import org.haven.web.Msgs;

/**
 * The report form as a template renders it: the questions, what was typed so far (kept through errors and
 * "change your answers"), the errors in the reporter's language, and the key the browser seals to.
 */
public record FormView(List<Questionnaire.Section> sections, Answers answers, List<ShownError> errors,
        String submissionKey, String kid, String publicKey, EvidenceView evidence) {

    /** The id of the file input, which the error summary links to. */
    static final String EVIDENCE_FIELD = "evidence";

    public static FormView of(Answers answers, List<AnswerCheck.FieldError> errors, Msgs m, String submissionKey,
            IntakeKey key, EvidenceView evidence) {
        List<ShownError> shown = errors.stream()
                .map(e -> new ShownError(e.field(), e.argument() == null ? m.t(e.messageKey())
                        : m.t(e.messageKey(), e.argument())))
                .toList();
        return new FormView(Questionnaire.SECTIONS, answers, shown, submissionKey, key.kid,
                Base64Url.encode(key.publicKey), evidence);
    }

    /** The same form, its evidence errors also in the summary at the top, each linked to the file input. */
    public FormView withEvidenceErrors() {
        List<ShownError> all = new java.util.ArrayList<>(errors);
        evidence.errors().forEach(message -> all.add(new ShownError(EVIDENCE_FIELD, message)));
        return new FormView(sections, answers, List.copyOf(all), submissionKey, kid, publicKey, evidence);
    }

    public String value(String name) {
        return answers.value(name);
    }

    public boolean checked(String name, String code) {
        return answers.has(name, code);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The first error for a field, or null; shown above the field and linked from the summary. */
    public String error(String name) {
        for (ShownError e : errors) {
            if (e.field().equals(name)) {
                return e.message();
            }
        }
        return null;
    }

    /** The id of the element an error summary link should focus: the field, or a group's first option. */
    public static String anchor(Question question) {
        return question.grouped() ? question.name() + "-" + question.options().get(0) : question.name();
    }

    public record ShownError(String field, String message) {

        public String anchor() {
            return Questionnaire.question(field).map(FormView::anchor).orElse(field);
        }
    }
}
