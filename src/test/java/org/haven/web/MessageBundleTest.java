package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.haven.intake.Questionnaire;
import org.junit.jupiter.api.Test;

/**
 * The build fails when a language bundle lacks a key or has one English does not, when placeholders
 * differ from English, when a template or Java class names a key English lacks, or when English has a
 * key nothing uses.
 */
class MessageBundleTest {

    private static final Path I18N = Path.of("src/main/resources/messages");
    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Path JAVA = Path.of("src/main/java");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
    private static final Pattern KEY_LITERAL = Pattern.compile("['\"]([a-z][a-z0-9_-]*(?:\\.[a-z0-9_-]+)+)['\"]");

    @Test
    void everyLanguageHasExactlyTheEnglishKeysAndPlaceholders() throws IOException {
        Properties english = Messages.load("messages/msg.properties");
        List<String> problems = new ArrayList<>();
        for (String lang : Locales.SUPPORTED) {
            if (lang.equals("en")) {
                continue;
            }
            Properties translated = Messages.load(Locales.bundle(lang));
            Set<String> missing = new TreeSet<>(english.stringPropertyNames());
            missing.removeAll(translated.stringPropertyNames());
            Set<String> extra = new TreeSet<>(translated.stringPropertyNames());
            extra.removeAll(english.stringPropertyNames());
            missing.forEach(key -> problems.add(lang + ": missing " + key));
            extra.forEach(key -> problems.add(lang + ": unknown " + key));
            for (String key : english.stringPropertyNames()) {
                String value = translated.getProperty(key);
                if (value == null) {
                    continue;
                }
                if (!placeholders(english.getProperty(key)).equals(placeholders(value))) {
                    problems.add(lang + ": placeholders differ in " + key);
                }
                if (value.isBlank()) {
                    problems.add(lang + ": empty " + key);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyKeyUsedExistsAndEveryEnglishKeyIsUsed() throws IOException {
        Properties english = Messages.load("messages/msg.properties");
        Properties staff = Messages.load("messages/staff.properties");
        Set<String> collision = new TreeSet<>(english.stringPropertyNames());
        collision.retainAll(staff.stringPropertyNames());
        assertEquals(Set.of(), collision, "a key in both the reporter and the staff bundle");
        english.putAll(staff);
        Set<String> used = new TreeSet<>();
        for (Path root : List.of(TEMPLATES, JAVA)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = KEY_LITERAL.matcher(Files.readString(file));
                    while (m.find()) {
                        if (english.containsKey(m.group(1))) {
                            used.add(m.group(1));
                        } else if (file.toString().endsWith(".html") && !m.group(1).endsWith(".html")) {
                            // Every quoted dotted name in a template is a message key: it must exist.
                            assertTrue(english.containsKey(m.group(1)), file + " uses unknown key " + m.group(1));
                        }
                    }
                }
            }
        }
        // Keys built from the questionnaire and from workflow codes.
        Questionnaire.SECTIONS.forEach(section -> {
            used.add(section.titleKey());
            used.add(section.introKey());
            section.questions().forEach(q -> {
                used.add(q.labelKey());
                used.add(q.hintKey());
                if (q.required()) {
                    assertTrue(english.containsKey(q.requiredErrorKey()), "missing " + q.requiredErrorKey());
                    used.add(q.requiredErrorKey());
                }
                q.options().forEach(code -> {
                    assertTrue(english.containsKey(q.optionKey(code)), "missing " + q.optionKey(code));
                    used.add(q.optionKey(code));
                    used.add(q.optionHintKey(code));
                });
                assertTrue(english.containsKey(q.labelKey()), "missing " + q.labelKey());
            });
        });
        // Staff pages name each report's language (InboxResource).
        Locales.ALL.forEach(lang -> used.add("language." + lang));
        for (org.haven.intake.ReportStatus status : org.haven.intake.ReportStatus.values()) {
            used.add("status." + status.code());
            used.add("status." + status.code() + ".explain");
        }
        Set<String> unused = new TreeSet<>(english.stringPropertyNames());
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "English or staff keys nothing uses");
    }

    private static List<String> placeholders(String value) {
        List<String> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            found.add(m.group());
        }
        found.sort(String::compareTo);
        return found;
    }
}
