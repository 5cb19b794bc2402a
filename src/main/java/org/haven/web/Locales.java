package org.haven.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages Haven's pages are written in, and how a request's language is chosen. */
public final class Locales {

    /** Language tags in the order the language picker shows them. */
    public static final List<String> SUPPORTED = List.of("en", "ar");

    private static final List<String> RIGHT_TO_LEFT = List.of("ar", "fa", "ps", "ur", "ckb");

    private Locales() {
    }

    public static boolean isSupported(String tag) {
        return tag != null && SUPPORTED.contains(tag);
    }

    public static String direction(String tag) {
        return RIGHT_TO_LEFT.contains(tag) ? "rtl" : "ltr";
    }

    /** The first supported language in an Accept-Language header, by the header's own weights. */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return SUPPORTED.get(0);
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            for (Locale.LanguageRange range : ranges) {
                String primary = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                Optional<String> match = SUPPORTED.stream().filter(primary::equals).findFirst();
                if (match.isPresent() && range.getWeight() > 0) {
                    return match.get();
                }
            }
        } catch (IllegalArgumentException e) {
            // A malformed header is not the reporter's fault; fall through to the default.
        }
        return SUPPORTED.get(0);
    }
}
