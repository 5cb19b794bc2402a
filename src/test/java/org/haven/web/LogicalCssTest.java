package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reporter CSS says start and end, never left and right, so right-to-left pages mirror without rules of
 * their own: no physical left/right property or value, and no four-value margin or padding that differs
 * left and right.
 */
class LogicalCssTest {

    private static final Path CSS = Path.of("src/main/resources/META-INF/resources/css/haven.css");
    /** Loaded by evidence.js on the reporter's pages once a file is picked. */
    private static final Path EVIDENCE_CSS = Path.of("src/main/resources/META-INF/resources/css/evidence.css");
    private static final Pattern DECLARATION = Pattern.compile("([a-zA-Z-]+)\\s*:\\s*([^;{}]+)");
    private static final Pattern PHYSICAL_PROPERTY = Pattern.compile(
            "^(left|right|(margin|padding|border|scroll-margin|scroll-padding)-(left|right)(-.*)?"
                    + "|border-(top|bottom)-(left|right)-radius)$");
    private static final Pattern PHYSICAL_VALUE = Pattern.compile("(^|\\s)(left|right)(\\s|$)");

    @Test
    void reporterCssHasNoPhysicalLeftOrRight() throws IOException {
        assertEquals(List.of(), physicalDeclarations(Files.readString(CSS)));
        assertEquals(List.of(), physicalDeclarations(Files.readString(EVIDENCE_CSS)));
    }

    @Test
    void theCheckFindsPhysicalDeclarations() {
        String css = """
                .a { margin-left: 1rem; padding-inline-start: 1rem; }
                .b { float: right; text-align: start; border-top-left-radius: 2px; }
                .c { margin: 0 1rem 0 2rem; padding: 0 1rem; left: 0; inset-inline-end: 0; }
                .d { background: url(/x.png) no-repeat; }
                """;
        assertEquals(List.of("margin-left: 1rem", "float: right", "border-top-left-radius: 2px",
                "margin: 0 1rem 0 2rem", "left: 0"), physicalDeclarations(css));
    }

    static List<String> physicalDeclarations(String css) {
        String code = css.replaceAll("(?s)/\\*.*?\\*/", "");
        List<String> found = new ArrayList<>();
        Matcher m = DECLARATION.matcher(code);
        while (m.find()) {
            String property = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2).strip().toLowerCase(Locale.ROOT);
            String[] parts = value.split("\\s+");
            boolean asymmetricShorthand = (property.equals("margin") || property.equals("padding")
                    || property.equals("border-width") || property.equals("border-style")
                    || property.equals("border-color")) && parts.length == 4 && !parts[1].equals(parts[3]);
            if (PHYSICAL_PROPERTY.matcher(property).matches() || PHYSICAL_VALUE.matcher(value).find()
                    || asymmetricShorthand) {
                found.add(property + ": " + m.group(2).strip());
            }
        }
        return found;
    }
}
