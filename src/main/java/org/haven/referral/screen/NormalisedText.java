package org.haven.referral.screen;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A text folded for matching (runs of spaces become one), with a map from every folded character back to the original one, so findings can
 * be reported where the caseworker typed them.
 *
 * <p>Folding: NFKC (per character with its combining marks), lower case with {@link Locale#ROOT}, format and
 * bidi-control characters, combining marks and the Arabic tatweel dropped, any space as one ASCII space, dashes as
 * '-', Arabic-Indic and Persian digits as ASCII, and the Arabic-script letter variants people use interchangeably
 * (alef with hamza, kaf, yeh, teh marbuta, heh goal) as one letter each. Romanian cedilla letters become comma-below.
 */
final class NormalisedText {

    final String text;
    private final int[] from;
    private final int[] to;

    private NormalisedText(String text, int[] from, int[] to) {
        this.text = text;
        this.from = from;
        this.to = to;
    }

    static NormalisedText of(String original) {
        StringBuilder out = new StringBuilder(original.length());
        int[] from = new int[original.length() * 2 + 8];
        int[] to = new int[from.length];
        int i = 0;
        while (i < original.length()) {
            int start = i;
            i += Character.charCount(original.codePointAt(i));
            while (i < original.length() && isMark(original.codePointAt(i))) {
                i += Character.charCount(original.codePointAt(i));
            }
            String cluster = Normalizer.normalize(original.substring(start, i), Normalizer.Form.NFKC)
                    .toLowerCase(Locale.ROOT);
            for (int k = 0; k < cluster.length(); ) {
                int cp = cluster.codePointAt(k);
                k += Character.charCount(cp);
                int mapped = fold(cp);
                if (mapped < 0 || mapped == ' ' && out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                    continue; // dropped, or a second space in a run
                }
                for (char c : Character.toChars(mapped)) {
                    if (out.length() == from.length) {
                        from = java.util.Arrays.copyOf(from, from.length * 2);
                        to = java.util.Arrays.copyOf(to, to.length * 2);
                    }
                    from[out.length()] = start;
                    to[out.length()] = i;
                    out.append(c);
                }
            }
        }
        return new NormalisedText(out.toString(), from, to);
    }

    /** Folds a pattern or word list entry the same way as the text it is matched against. */
    static String fold(String s) {
        return of(s).text;
    }

    int originalStart(int index) {
        return from[index];
    }

    int originalEnd(int endExclusive) {
        return to[endExclusive - 1];
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    /** Returns the folded code point, or -1 to drop it. */
    private static int fold(int cp) {
        if (isMark(cp) || Character.getType(cp) == Character.FORMAT || cp == 0x0640) {
            return -1; // zero-width, bidi controls, soft hyphen, tatweel, diacritics
        }
        if (cp >= 0x0660 && cp <= 0x0669) {
            return '0' + (cp - 0x0660);
        }
        if (cp >= 0x06F0 && cp <= 0x06F9) {
            return '0' + (cp - 0x06F0);
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return ' ';
        }
        return switch (cp) {
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D -> '-';
            case 0x015F -> 0x0219; // ş -> ș
            case 0x0163 -> 0x021B; // ţ -> ț
            case 0x0622, 0x0623, 0x0625, 0x0671 -> 0x0627; // alef variants -> alef
            case 0x0643 -> 0x06A9; // Arabic kaf -> keheh
            case 0x064A, 0x0649 -> 0x06CC; // yeh, alef maksura -> Farsi yeh
            case 0x0629, 0x06C0, 0x06C1 -> 0x0647; // teh marbuta, heh goal -> heh
            default -> cp;
        };
    }
}
