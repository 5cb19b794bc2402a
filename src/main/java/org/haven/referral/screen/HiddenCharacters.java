package org.haven.referral.screen;

/**
 * Characters a reader cannot see but that change what they read: bidi overrides and isolates (U+202A–202E,
 * U+2066–2069, marks), zero-width spaces and joiners, word joiners, byte order marks and the other format
 * characters; C0 and C1 controls other than tab and line breaks; unpaired surrogates. A referral reaches
 * police as plain text, so a right-to-left override could reverse a number or a name there, and zero-width
 * characters could hide words from this screen's own patterns.
 */
final class HiddenCharacters {

    private HiddenCharacters() {
    }

    static void apply(Scan scan) {
        String text = scan.original;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (isHidden(cp)) {
                int end = i + width;
                while (end < text.length() && isHidden(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
                scan.addOriginal(Finding.Kind.HIDDEN_CHARACTER, i, end);
                i = end;
            } else {
                i += width;
            }
        }
    }

    static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.CONTROL && cp != '\t' && cp != '\n' && cp != '\r';
    }
}
