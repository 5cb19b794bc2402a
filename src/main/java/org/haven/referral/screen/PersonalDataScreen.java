package org.haven.referral.screen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Screens the text values of a referral for personal data before it can leave Haven. Any finding blocks the
 * referral; the caseworker sees each finding's field, place and excerpt and must edit the text.
 *
 * <p>Text is folded before matching (NFKC, lower case with {@code Locale.ROOT}, zero-width and bidi-control
 * characters removed, Arabic-Indic and Persian digits as ASCII), so hidden characters and other digit forms do
 * not get a number past the screen. Offsets are always those of the original text. The hidden characters that
 * folding drops are findings themselves: police would read a text whose order or words they cannot see.
 *
 * <p>Postcodes: a full UK postcode ("SW1A 1AA") is blocked in every field, including the location field. In the
 * location field only the district (the outward part, "SW1A", "M1") is allowed, so a sector ("SW1A 1") is blocked
 * there too; in other fields a sector is not blocked, as "M1 5" is as likely a road and a count.
 */
public final class PersonalDataScreen {

    private PersonalDataScreen() {
    }

    /**
     * Screens one text value.
     *
     * @param fieldPath where the value sits in the referral, reported back in each finding
     * @param text the value as the caseworker wrote it; null is treated as empty
     * @param isLocationField true for the generalised location text, where only a postcode district is allowed
     * @return the findings ordered by start offset; empty when the text may be sent
     */
    public static List<Finding> screen(String fieldPath, String text, boolean isLocationField) {
        Scan scan = new Scan(fieldPath, text == null ? "" : text, isLocationField);
        ContactRules.apply(scan);
        IdentityNumberRules.apply(scan);
        BirthDateRule.apply(scan);
        ImmigrationTerms.apply(scan);
        HiddenCharacters.apply(scan);
        return withoutContained(scan.findings);
    }

    /**
     * Screens every text value of a referral.
     *
     * @param textsByFieldPath each text value by its field path
     * @param locationFieldPaths the field paths that hold the generalised location
     * @return all findings, by field path and then start offset
     */
    public static List<Finding> screen(Map<String, String> textsByFieldPath, Set<String> locationFieldPaths) {
        List<Finding> all = new ArrayList<>();
        textsByFieldPath.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> all.addAll(screen(e.getKey(), e.getValue(), locationFieldPaths.contains(e.getKey()))));
        return List.copyOf(all);
    }

    /** Drops a finding that lies inside another (a domain inside an email, a year inside a date of birth). */
    private static List<Finding> withoutContained(List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::end).reversed()));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : sorted) {
            boolean inside = kept.stream().anyMatch(k -> k.start() <= f.start() && f.end() <= k.end()
                    && (k.end() - k.start() > f.end() - f.start() || k.kind() == f.kind()));
            if (!inside) {
                kept.add(f);
            }
        }
        return List.copyOf(kept);
    }
}
