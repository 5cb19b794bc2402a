package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build fails when a template holds user-facing text that does not come from a message bundle: a text
 * node, or an attribute a person sees or hears (title, alt, placeholder, aria-label and kin, an option
 * label, a button's value), with letters left once the Qute expressions are taken out. Punctuation and
 * digits may stay; so may the few strings in {@link #ALLOWED}.
 */
class TemplateTextTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");

    /** Literal text a template may hold. Keep it small: the organisation's name comes from configuration. */
    private static final Set<String> ALLOWED = Set.of();

    private static final Set<String> SPOKEN_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label",
            "aria-description", "aria-roledescription", "aria-valuetext", "aria-placeholder", "label");
    private static final Set<String> BUTTON_TYPES = Set.of("submit", "button", "reset");

    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)((?:\\s+[^>]*)?)/?>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private static final Pattern TEXT_NODE = Pattern.compile(">([^<]+)<");
    private static final Pattern EXPRESSION = Pattern.compile("\\{[^{}]*}");

    @Test
    void templatesHoldNoLiteralUserFacingText() throws IOException {
        List<String> literals = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
                literalsIn(Files.readString(file))
                        .forEach(text -> literals.add(TEMPLATES.relativize(file) + ": " + text));
            }
        }
        assertEquals(List.of(), literals);
    }

    @Test
    void theCheckFindsLiteralsInTextAndSpokenAttributesButNotInExpressions() {
        String template = """
                <h1>{p.t('a.title')}</h1> <p>Hello {p.org.name}</p>
                <img src="/x.png" alt="A logo"><input type="submit" value="Send">
                <input type="hidden" name="token" value="{token}"><input type="text" placeholder='Your words'>
                <button aria-label="{p.t('b.c')}">{#if x}Yes{/if} · {p.t('d.e')} &middot; 3</button>
                <option label="Pick one" value="code">{p.t('f.g')}</option>{! a comment !}<!-- notes -->
                <script type="module">const s = "not scanned";</script>
                """;
        assertEquals(List.of("Hello", "Yes · 3", "alt=\"A logo\"", "value=\"Send\"", "placeholder=\"Your words\"",
                "label=\"Pick one\""), literalsIn(template));
    }

    static List<String> literalsIn(String html) {
        String text = html.replaceAll("(?s)\\{!.*?!}", "")
                .replaceAll("(?s)<!--.*?-->", "")
                .replaceAll("(?s)<(script|style)\\b[^>]*>.*?</\\1>", "<$1></$1>")
                .replaceAll("&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);", " ");
        String previous;
        do {
            // Innermost expressions first, so {#if a}{p.t('x')}{/if} goes too.
            previous = text;
            text = EXPRESSION.matcher(text).replaceAll(" ");
        } while (!text.equals(previous));
        List<String> found = new ArrayList<>();
        Matcher nodes = TEXT_NODE.matcher(text);
        while (nodes.find()) {
            String node = nodes.group(1).strip();
            if (hasLetters(node) && !ALLOWED.contains(node)) {
                found.add(node.replaceAll("\\s+", " "));
            }
        }
        Matcher tags = TAG.matcher(text);
        while (tags.find()) {
            String element = tags.group(1).toLowerCase(Locale.ROOT);
            String type = "";
            List<String[]> attributes = new ArrayList<>();
            Matcher a = ATTRIBUTE.matcher(tags.group(2));
            while (a.find()) {
                String name = a.group(1).toLowerCase(Locale.ROOT);
                String value = a.group(2) != null ? a.group(2) : a.group(3);
                attributes.add(new String[] {name, value});
                if (name.equals("type")) {
                    type = value.strip().toLowerCase(Locale.ROOT);
                }
            }
            boolean button = element.equals("input") && BUTTON_TYPES.contains(type);
            for (String[] attribute : attributes) {
                boolean spoken = SPOKEN_ATTRIBUTES.contains(attribute[0]) || button && attribute[0].equals("value");
                String value = attribute[1].strip();
                if (spoken && hasLetters(value) && !ALLOWED.contains(value)) {
                    found.add(attribute[0] + "=\"" + value + "\"");
                }
            }
        }
        return found;
    }

    private static boolean hasLetters(String text) {
        return text.codePoints().anyMatch(Character::isLetter);
    }
}
