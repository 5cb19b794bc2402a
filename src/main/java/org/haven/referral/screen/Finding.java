package org.haven.referral.screen;

/**
 * One piece of personal data found in a text value.
 *
 * @param fieldPath where the text sits in the referral document, e.g. {@code event.account}
 * @param start UTF-16 index of the first character in the original text (inclusive)
 * @param end UTF-16 index after the last character in the original text (exclusive)
 * @param kind what was found
 * @param excerpt the original text between start and end, shown to the caseworker as found
 */
public record Finding(String fieldPath, int start, int end, Kind kind, String excerpt) {

    /** What kind of personal data a finding is. */
    public enum Kind {
        EMAIL, PHONE, POSTCODE, PASSPORT_OR_PERMIT, NATIONAL_INSURANCE, DATE_OF_BIRTH, BANK_OR_CARD, IP_ADDRESS,
        URL, IMMIGRATION_TERM,
        /** A bidi control, zero-width or other invisible character, or a control or unpaired surrogate. */
        HIDDEN_CHARACTER
    }
}
