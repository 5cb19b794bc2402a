package org.haven.referral.screen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.haven.referral.screen.Finding.Kind;
import org.junit.jupiter.api.Test;

/**
 * Runs the screen over the labelled corpus in {@code screen/corpus.tsv} and prints precision and recall. A blocked
 * line must be blocked for exactly the kinds on its label.
 *
 * <p>Known misses, kept in the corpus so they stay visible: a country-domain site without a path ("wp.pl"), a
 * phone number split by a slash ("07700/900123", as dates use slashes too), "الجوازات" (the passport office) which
 * is not in the word list; and two false blocks: "asylum" in its old hospital sense, and a street called Refugee
 * Road.
 */
class PersonalDataScreenCorpusTest {

    private static final int KNOWN_MISSES = 5;

    record Case(int line, boolean block, Set<Kind> kinds, String text) {
    }

    @Test
    void screensEveryCorpusLineAsLabelled() throws IOException {
        List<Case> cases = load();
        int tp = 0, fp = 0, fn = 0, tn = 0, positives = 0;
        List<String> wrong = new ArrayList<>();
        List<String> wrongKinds = new ArrayList<>();
        for (Case c : cases) {
            List<Finding> found = PersonalDataScreen.screen("event.account", c.text(), false);
            boolean blocked = !found.isEmpty();
            Set<Kind> kinds = found.stream().map(Finding::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
            positives += c.block() ? 1 : 0;
            if (c.block() && blocked) {
                tp++;
            } else if (c.block()) {
                fn++;
            } else if (blocked) {
                fp++;
            } else {
                tn++;
            }
            if (c.block() && blocked && !kinds.equals(c.kinds())) {
                wrongKinds.add("line " + c.line() + " expected " + c.kinds() + " got " + found + " : " + c.text());
            } else if (c.block() != blocked) {
                wrong.add("line " + c.line() + " expected " + (c.block() ? "BLOCK " + c.kinds() : "PASS")
                        + " got " + found + " : " + c.text());
            }
        }
        double precision = tp / (double) (tp + fp);
        double recall = tp / (double) (tp + fn);
        System.out.printf("personal-data screen corpus: %d lines (%d positive, %d negative); "
                + "precision %.3f, recall %.3f (tp=%d fp=%d fn=%d tn=%d)%n",
                cases.size(), positives, cases.size() - positives, precision, recall, tp, fp, fn, tn);
        wrong.forEach(w -> System.out.println("  KNOWN MISS " + w));
        assertTrue(positives >= 75 && cases.size() - positives >= 75, "corpus needs 75 of each");
        assertTrue(wrongKinds.isEmpty(), "blocked for the wrong reason:\n" + String.join("\n", wrongKinds));
        assertTrue(precision >= 0.97 && recall >= 0.97, "precision and recall must stay at or above 0.97");
        assertTrue(wrong.size() <= KNOWN_MISSES, "new misses; known ones are listed in the class Javadoc:\n"
                + String.join("\n", wrong));
    }

    private static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = PersonalDataScreenCorpusTest.class.getResourceAsStream("/screen/corpus.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", 3);
                Set<Kind> kinds = EnumSet.noneOf(Kind.class);
                if (!cols[1].isBlank()) {
                    Arrays.stream(cols[1].split(",")).map(String::trim).map(Kind::valueOf).forEach(kinds::add);
                }
                cases.add(new Case(i + 1, cols[0].equals("BLOCK"), kinds, cols[2]));
            }
        }
        return cases;
    }
}
