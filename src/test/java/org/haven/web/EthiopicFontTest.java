package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tigrinya and Amharic pages get their Ethiopic font from Haven's own origin: the small core file covers
 * every letter their bundles use (so a page needs only it), the font's licence is beside it, and only
 * ti/am pages (and the two names in the language list) use the font at all.
 */
class EthiopicFontTest {

    private static final Path STATIC = Path.of("src/main/resources/META-INF/resources");
    private static final Pattern FACE = Pattern.compile(
            "@font-face \\{ font-family: \"([^\"]+)\";[^}]*url\\(/fonts/([a-z0-9-]+\\.woff2)\\)[^}]*unicode-range: ([^;]+);");

    @Test
    void coreFontCoversEveryEthiopicLetterOfTheTigrinyaAndAmharicBundles() throws IOException {
        String css = Files.readString(STATIC.resolve("css/haven.css"));
        List<int[]> core = range(css, "noto-sans-ethiopic-core.woff2");
        List<int[]> names = range(css, "noto-sans-ethiopic-names.woff2");
        TreeSet<String> uncovered = new TreeSet<>();
        for (String tag : List.of("ti", "am")) {
            if (Messages.class.getClassLoader().getResource(Locales.bundle(tag)) == null) {
                continue; // not written yet; the language is not offered either
            }
            Properties bundle = Messages.load(Locales.bundle(tag));
            for (String key : bundle.stringPropertyNames()) {
                bundle.getProperty(key).codePoints().filter(EthiopicFontTest::ethiopic)
                        .filter(cp -> !covered(core, cp))
                        .forEach(cp -> uncovered.add(tag + " " + key + " U+" + Integer.toHexString(cp)));
            }
            bundle.getProperty("language.endonym").codePoints().filter(cp -> !covered(names, cp))
                    .forEach(cp -> uncovered.add(tag + " endonym U+" + Integer.toHexString(cp)));
        }
        assertEquals(new TreeSet<>(), uncovered, "run src/main/fonts/subset-ethiopic.py again");
    }

    @Test
    void fontFilesAreServedFromHavensOwnOriginWithTheirLicence() {
        for (String file : List.of("noto-sans-ethiopic-core.woff2", "noto-sans-ethiopic-rest.woff2",
                "noto-sans-ethiopic-names.woff2", "OFL.txt")) {
            assertTrue(Files.isRegularFile(STATIC.resolve("fonts").resolve(file)), file);
        }
    }

    @Test
    void onlyTigrinyaAndAmharicUseTheFont() throws IOException {
        String css = Files.readString(STATIC.resolve("css/haven.css")).replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("@font-face \\{[^}]*}", "");
        Matcher rule = Pattern.compile("([^{}]+)\\{([^}]*Haven Ethiopic[^}]*)}").matcher(css);
        List<String> selectors = new ArrayList<>();
        while (rule.find()) {
            selectors.add(rule.group(1).strip());
        }
        assertEquals(List.of("html:lang(ti) body, html:lang(am) body",
                ".language-list :lang(ti), .language-list :lang(am)"), selectors);
    }

    private static boolean ethiopic(int cp) {
        return cp >= 0x1200 && cp <= 0x139F || cp >= 0x2D80 && cp <= 0x2DDF || cp >= 0xAB00 && cp <= 0xAB2F;
    }

    private static boolean covered(List<int[]> ranges, int cp) {
        return ranges.stream().anyMatch(r -> cp >= r[0] && cp <= r[1]);
    }

    private static List<int[]> range(String css, String file) {
        Matcher m = FACE.matcher(css);
        while (m.find()) {
            if (m.group(2).equals(file)) {
                List<int[]> out = new ArrayList<>();
                for (String part : m.group(3).split(",")) {
                    String[] ends = part.strip().substring(2).split("-");
                    int from = Integer.parseInt(ends[0], 16);
                    out.add(new int[] {from, ends.length > 1 ? Integer.parseInt(ends[1], 16) : from});
                }
                return out;
            }
        }
        throw new AssertionError("haven.css has no @font-face for " + file);
    }
}
