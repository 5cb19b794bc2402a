package org.haven.web;

import java.util.Properties;

/**
 * One language's messages, as templates see them: {@code {p.t('form.title')}}. Placeholders are
 * {@code {0}}, {@code {1}}, replaced literally (no MessageFormat quoting rules for translators to trip on).
 */
public final class Msgs {

    private final String lang;
    private final Properties bundle;
    private final Properties fallback;

    Msgs(String lang, Properties bundle, Properties fallback) {
        this.lang = lang;
        this.bundle = bundle;
        this.fallback = fallback;
    }

    public String lang() {
        return lang;
    }

    public boolean has(String key) {
        return bundle.containsKey(key) || fallback.containsKey(key);
    }

    public String t(String key) {
        String value = bundle.getProperty(key);
        if (value == null) {
            value = fallback.getProperty(key);
        }
        // A missing key shows itself rather than an empty gap; the bundle test stops it reaching users.
        return value == null ? key : value;
    }

    public String t(String key, Object arg0) {
        return t(key).replace("{0}", isolate(arg0));
    }

    public String t(String key, Object arg0, Object arg1) {
        return t(key, arg0).replace("{1}", isolate(arg1));
    }

    /**
     * A value set into a sentence (the organisation's name, a date, a number) as a bidi isolate (FSI ... PDI,
     * the text form of {@code <bdi>}), so a Latin-script name inside an Arabic sentence neither reorders the
     * words around it nor takes their punctuation, and works in titles and attributes too.
     */
    static String isolate(Object value) {
        String text = String.valueOf(value);
        return text.startsWith("\u2068") ? text : "\u2068" + text + "\u2069";
    }
}
