package org.haven.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * axe-core (from npm, src/test/resources/axe, MPL-2.0) injected into the page a test has open, run with the
 * WCAG 2.0, 2.1 and 2.2 A and AA rules (target-size included).
 */
public final class Axe {

    private static final String SOURCE = source();
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } })
              .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
                + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
              .catch(e => done(['axe failed: ' + e]));
            """;

    private Axe() {
    }

    /** The violations on the page as it is now, one line each: rule id, impact and up to three targets. */
    @SuppressWarnings("unchecked")
    public static List<String> violations(ChromeDriver browser) {
        browser.executeScript(SOURCE);
        return (List<String>) browser.executeAsyncScript(RUN);
    }

    private static String source() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
