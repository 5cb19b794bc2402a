package org.haven.referral.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** One field being screened: the folded text, and the findings so far in original offsets. */
final class Scan {

    /** Not preceded by a letter or digit. */
    static final String B = "(?<![\\p{L}\\p{N}])";
    /** Not followed by a letter or digit. */
    static final String E = "(?![\\p{L}\\p{N}])";

    final String fieldPath;
    final String original;
    final NormalisedText folded;
    final boolean isLocationField;
    final List<Finding> findings = new ArrayList<>();

    Scan(String fieldPath, String original, boolean isLocationField) {
        this.fieldPath = fieldPath;
        this.original = original;
        this.folded = NormalisedText.of(original);
        this.isLocationField = isLocationField;
    }

    String text() {
        return folded.text;
    }

    /** Records a finding given its span in the folded text. */
    void add(Finding.Kind kind, int foldedStart, int foldedEnd) {
        int start = folded.originalStart(foldedStart);
        int end = folded.originalEnd(foldedEnd);
        findings.add(new Finding(fieldPath, start, end, kind, original.substring(start, end)));
    }

    /** Records a finding given its span in the original text. */
    void addOriginal(Finding.Kind kind, int start, int end) {
        findings.add(new Finding(fieldPath, start, end, kind, original.substring(start, end)));
    }

    /** True if the pattern occurs in the folded text between from and to (clamped). */
    boolean near(Pattern pattern, int from, int to) {
        var m = pattern.matcher(text());
        m.region(Math.max(0, from), Math.min(text().length(), to));
        m.useTransparentBounds(true);
        return m.find();
    }

    static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE);
    }
}
