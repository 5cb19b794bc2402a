package org.haven.crypto;

import java.util.Optional;

/**
 * Receipt-number typing rules shared with {@code receipt.js}: which code points are digits, which are dropped
 * ({@code docs/envelope.md}, section 5). Digits come from a fixed table, not the runtime's, because Java and
 * browsers ship different Unicode versions; dropped characters are named by general category, which Unicode does
 * not change for characters already assigned.
 */
final class ReceiptDigits {

    /**
     * Zero code points of the decimal-digit runs (general category Nd) of Unicode 13.0, each the start of ten
     * consecutive digits 0-9. Fixed here, not taken from the runtime, so that Java and every browser fold the
     * same characters; {@code receipt.js} holds the same list.
     */
    static final int[] DIGIT_ZEROS = {
        0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
        0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
        0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30,
        0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
        0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
        0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
    };

    private ReceiptDigits() {
    }

    /** Digits of any listed script become ASCII, ignorable code points are dropped, anything else fails. */
    static Optional<String> fold(String typed, int count) {
        if (typed == null) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < typed.length();) {
            int cp = typed.codePointAt(i);
            i += Character.charCount(cp);
            int digit = digitValue(cp);
            if (digit >= 0) {
                digits.append((char) ('0' + digit));
            } else if (!isIgnorable(cp)) {
                return Optional.empty();
            }
            if (digits.length() > count) {
                return Optional.empty();
            }
        }
        return digits.length() == count ? Optional.of(digits.toString()) : Optional.empty();
    }

    static int digitValue(int cp) {
        for (int zero : DIGIT_ZEROS) {
            if (cp >= zero && cp <= zero + 9) {
                return cp - zero;
            }
        }
        return -1;
    }

    private static boolean isIgnorable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL, Character.FORMAT,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.CONNECTOR_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION -> true;
            default -> false;
        };
    }
}
