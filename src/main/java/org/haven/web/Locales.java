package org.haven.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;

/** The languages Haven's pages are written in, and how a request's language is chosen. */
public final class Locales {

    private static final Logger LOG = Logger.getLogger(Locales.class);

    /**
     * Every language Haven is meant to speak, in the language picker's order: by endonym, Latin script
     * first, then Cyrillic, Arabic script, Bengali, Gurmukhi and Ethiopic. A reader scans for their own
     * script, then for their language's own name in it; an order by English names would help only those
     * who read English. This is the one list; {@link #SUPPORTED} is the part of it that is ready.
     */
    public static final List<String> ALL = List.of(
            "en", "es", "fr", "it", "kmr", "lt", "pl", "pt", "ro", "sq", "so", "vi", // Latin
            "bg", "ru", "uk", // Cyrillic
            "ur", "ar", "ps", "fa", "ckb", // Arabic script, in the Persian alphabet's order of their endonyms
            "bn", "pa", // Bengali, Gurmukhi
            "ti", "am"); // Ethiopic

    /**
     * The languages whose bundle is on the classpath and has every English key, in picker order. A bundle
     * still being written is not offered half-English. Today that is all of {@link #ALL}, and LocalesTest
     * keeps it so; MessageBundleTest fails the build on unknown keys, changed placeholders or empty values.
     */
    public static final List<String> SUPPORTED = ALL.stream().filter(Locales::bundleComplete).toList();

    private static final List<String> RIGHT_TO_LEFT = List.of("ar", "fa", "ps", "ur", "ckb");

    /** The advocacy body's record of native-speaker review (i18n/REVIEW.md says how to update it). */
    private static final Properties REVIEW_STATUS = read("messages/review-status.properties");

    /** Language subtags browsers send for languages Haven names differently. */
    private static final Map<String, String> ALIASES = Map.of(
            "ku", "kmr", // Kurdish without a script: most Kurdish speakers in the UK write Kurmanji (Latin)
            "ku-latn", "kmr",
            "ku-arab", "ckb", // Kurdish in Arabic script is Sorani
            "prs", "fa"); // Dari is written and read as Persian

    static {
        List<String> missing = ALL.stream().filter(tag -> !SUPPORTED.contains(tag)).toList();
        if (!missing.isEmpty()) {
            LOG.warnf("Languages not offered (bundle missing or incomplete): %s", missing);
        }
    }

    private Locales() {
    }

    public static boolean isSupported(String tag) {
        return tag != null && SUPPORTED.contains(tag);
    }

    public static String direction(String tag) {
        return RIGHT_TO_LEFT.contains(tag) ? "rtl" : "ltr";
    }

    /**
     * Whether this language's text is the source or has been checked by a native speaker, by
     * i18n/review-status.properties; anything else (a draft, a missing entry) counts as not checked.
     */
    public static boolean reviewed(String tag) {
        String status = REVIEW_STATUS == null ? null : REVIEW_STATUS.getProperty(tag + ".status");
        return "source".equals(status) || "reviewed".equals(status);
    }

    /** The bundle resource for a language tag. */
    public static String bundle(String tag) {
        return tag.equals("en") ? "messages/msg.properties" : "messages/msg_" + tag + ".properties";
    }

    /** The first supported language in an Accept-Language header, by the header's own weights. */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return SUPPORTED.get(0);
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                String tag = canonical(range.getRange());
                if (tag != null && SUPPORTED.contains(tag) && range.getWeight() > 0) {
                    return tag;
                }
            }
        } catch (IllegalArgumentException e) {
            // A malformed header is not the reporter's fault; fall through to the default.
        }
        return SUPPORTED.get(0);
    }

    /** The tag of {@link #ALL} a BCP 47 language range asks for, or null if none. */
    static String canonical(String range) {
        String lower = range.toLowerCase(Locale.ROOT);
        String[] parts = lower.split("-");
        String primary = parts[0];
        String script = parts.length > 1 && parts[1].length() == 4 ? parts[1] : null;
        // Panjabi in Shahmukhi (Arabic script, Pakistan) is not readable as the Gurmukhi bundle.
        if (primary.equals("pa") && ("arab".equals(script) || lower.endsWith("-pk"))) {
            return null;
        }
        String tag = script == null ? null : ALIASES.get(primary + "-" + script);
        if (tag == null) {
            tag = ALIASES.getOrDefault(primary, primary);
        }
        return ALL.contains(tag) ? tag : null;
    }

    private static boolean bundleComplete(String tag) {
        if (tag.equals("en")) {
            return true;
        }
        Properties english = read(bundle("en"));
        Properties translated = read(bundle(tag));
        return translated != null && english.stringPropertyNames().stream()
                .allMatch(key -> !translated.getProperty(key, "").isBlank());
    }

    private static Properties read(String resource) {
        try (InputStream in = Locales.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
