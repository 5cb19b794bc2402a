package org.haven.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Runs an async test body in the page: {@code args} holds the arguments, {@code hex}/{@code toHex},
 * {@code utf8} and {@code rejects(promise)} are at hand, the body may {@code await} and {@code return} a value.
 * A rejection fails the test with the browser's stack.
 */
public final class BrowserScript {

    private static final String PRELUDE = """
            const done = arguments[arguments.length - 1];
            const args = Array.from(arguments).slice(0, -1);
            (async () => {
              const hex = (s) => Uint8Array.from(s.match(/../g) || [], (h) => parseInt(h, 16));
              const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
              const utf8 = new TextEncoder();
              const rejects = async (promise) => { try { await promise; return false; } catch (e) { return true; } };
            """;
    private static final String POSTLUDE = """
            })().then((value) => done({ ok: true, value: value === undefined ? null : value }),
                      (e) => done({ ok: false, error: String((e && e.stack) || e) }));
            """;

    private BrowserScript() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T run(JavascriptExecutor browser, String body, Object... args) {
        Object outcome = browser.executeAsyncScript(PRELUDE + body + POSTLUDE, args);
        Map<String, Object> map = (Map<String, Object>) outcome;
        if (!Boolean.TRUE.equals(map.get("ok"))) {
            fail("browser: " + map.get("error"));
        }
        return (T) map.get("value");
    }
}
