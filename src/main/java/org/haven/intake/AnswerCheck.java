package org.haven.intake;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The form's rules, checked on the server for the no-JavaScript path (report.js applies the same rules in
 * the browser, where the server never sees the answers). Errors are message keys, shown in the
 * reporter's language in an error summary linked to each field.
 */
public final class AnswerCheck {

    private AnswerCheck() {
    }

    public static List<FieldError> check(Answers answers, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        Questionnaire.questions().forEach(question -> {
            String name = question.name();
            if (!answers.has(name)) {
                if (question.required()) {
                    errors.add(new FieldError(name, question.requiredErrorKey(), null));
                }
                return;
            }
            for (String value : answers.values(name)) {
                if (!question.options().isEmpty() && !question.options().contains(value)) {
                    errors.add(new FieldError(name, "error.option", null));
                    return;
                }
                if (value.codePointCount(0, value.length()) > question.maxLength()) {
                    errors.add(new FieldError(name, "error.too-long", question.maxLength()));
                    return;
                }
            }
        });
        checkDates(answers, today, errors);
        return errors;
    }

    private static void checkDates(Answers answers, LocalDate today, List<FieldError> errors) {
        LocalDate from = date(answers, "when_date", today, errors);
        LocalDate until = date(answers, "when_until", today, errors);
        if (from != null && until != null && until.isBefore(from)) {
            errors.add(new FieldError("when_until", "error.date-order", null));
        }
    }

    private static LocalDate date(Answers answers, String name, LocalDate today, List<FieldError> errors) {
        if (!answers.has(name)) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(answers.value(name));
            if (date.isAfter(today)) {
                errors.add(new FieldError(name, "error.date-future", null));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "error.date", null));
            return null;
        }
    }

    /** A problem with one answer; {@code argument} fills the message's {0} when it has one. */
    public record FieldError(String field, String messageKey, Object argument) {
    }
}
