package org.haven.intake;

import java.util.List;

/**
 * One question of the report form. Answers are codes (or the reporter's own text); every label, hint and
 * error comes from the message bundles under {@code q.<name>.*}, so a caseworker reads any report in their
 * own language whatever language the reporter used.
 *
 * @param name form field name and key in the sealed report
 * @param widget how the question is asked
 * @param options allowed codes for choice questions, in display order; empty for free text and dates
 * @param required whether the report cannot be sent without it
 * @param maxLength longest accepted text, in characters
 */
public record Question(String name, Widget widget, List<String> options, boolean required, int maxLength) {

    public enum Widget { RADIOS, CHECKBOXES, SELECT, TEXT, TEXTAREA, DATE }

    static Question radios(String name, boolean required, String... options) {
        return new Question(name, Widget.RADIOS, List.of(options), required, 64);
    }

    static Question checkboxes(String name, String... options) {
        return new Question(name, Widget.CHECKBOXES, List.of(options), false, 64);
    }

    static Question select(String name, List<String> options) {
        return new Question(name, Widget.SELECT, options, false, 64);
    }

    static Question text(String name, int maxLength) {
        return new Question(name, Widget.TEXT, List.of(), false, maxLength);
    }

    static Question textarea(String name, boolean required, int maxLength) {
        return new Question(name, Widget.TEXTAREA, List.of(), required, maxLength);
    }

    static Question date(String name) {
        return new Question(name, Widget.DATE, List.of(), false, 10);
    }

    public boolean multiple() {
        return widget == Widget.CHECKBOXES;
    }

    public boolean isRadios() {
        return widget == Widget.RADIOS;
    }

    public boolean isCheckboxes() {
        return widget == Widget.CHECKBOXES;
    }

    public boolean isSelect() {
        return widget == Widget.SELECT;
    }

    public boolean isText() {
        return widget == Widget.TEXT;
    }

    public boolean isTextarea() {
        return widget == Widget.TEXTAREA;
    }

    public boolean isDate() {
        return widget == Widget.DATE;
    }

    /** Radios and checkboxes are grouped in a fieldset with a legend; the rest have a plain label. */
    public boolean grouped() {
        return widget == Widget.RADIOS || widget == Widget.CHECKBOXES;
    }

    public String labelKey() {
        return "q." + name + ".label";
    }

    public String hintKey() {
        return "q." + name + ".hint";
    }

    public String requiredErrorKey() {
        return "q." + name + ".error.required";
    }

    public String optionKey(String code) {
        return "q." + name + "." + code;
    }

    public String optionHintKey(String code) {
        return "q." + name + "." + code + ".hint";
    }
}
