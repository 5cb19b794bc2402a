package org.haven.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The message bundles in {@code i18n/} ({@code messages/msg.properties} for English, {@code msg_xx.properties}
 * for every other language), read as UTF-8. A key missing in a translation falls back to English, but the
 * bundle check test fails the build before that can ship.
 */
@ApplicationScoped
public class Messages {

    private final Map<String, Properties> bundles = new HashMap<>();
    private final Msgs staff;

    public Messages() {
        for (String lang : Locales.SUPPORTED) {
            bundles.put(lang, load(Locales.bundle(lang)));
        }
        // Staff pages are English for now (issue: every reporter in their own language covers reporters).
        Properties staffBundle = load("messages/staff.properties");
        staff = new Msgs("en", staffBundle, staffBundle);
    }

    /** English reporter-bundle entries whose keys start with one of the prefixes, for labelling opened reports. */
    public java.util.Map<String, String> englishEntries(java.util.List<String> prefixes) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        Properties english = bundles.get("en");
        for (String key : english.stringPropertyNames()) {
            if (prefixes.stream().anyMatch(key::startsWith)) {
                out.put(key, english.getProperty(key));
            }
        }
        return out;
    }

    /** The staff pages' messages ({@code messages/staff.properties}). */
    public Msgs staff() {
        return staff;
    }

    public Msgs forLanguage(String lang) {
        return new Msgs(lang, bundles.get(lang), bundles.get("en"));
    }

    public static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing message bundle " + resource);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
