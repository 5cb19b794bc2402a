package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The advocacy body's record of native-speaker review names every language, says nothing it cannot back
 * (a review needs a reviewer and a date), and the table people read agrees with the file Haven reads.
 */
class ReviewRecordTest {

    private static final Path I18N = Path.of("src/main/resources/messages");

    @Test
    void everyLanguageHasAStatusAndAReviewHasAReviewerAndADate() {
        Properties record = Messages.load("messages/review-status.properties");
        for (String tag : Locales.ALL) {
            String status = record.getProperty(tag + ".status");
            assertTrue(Set.of("source", "machine-drafted", "reviewed").contains(status), tag + ": " + status);
            assertFalse(record.getProperty(tag + ".drafted", "").isBlank(), tag + " has no drafter");
            if (status.equals("reviewed")) {
                assertFalse(record.getProperty(tag + ".reviewed-by", "").isBlank(), tag + " reviewed by nobody");
                assertTrue(record.getProperty(tag + ".reviewed-on", "").matches("\\d{4}-\\d{2}-\\d{2}"), tag);
            }
            assertEquals(status.equals("source") || status.equals("reviewed"), Locales.reviewed(tag), tag);
        }
        assertEquals("source", record.getProperty("en.status"));
    }

    @Test
    void theTableForPeopleSaysWhatTheRecordSays() throws IOException {
        Properties record = Messages.load("messages/review-status.properties");
        String table = Files.readString(I18N.resolve("REVIEW.md"));
        for (String tag : Locales.ALL) {
            Matcher row = Pattern.compile("\\| `" + tag + "` \\|[^|]*\\| ([^|]*) \\|[^|]*\\| ([^|]*) \\|").matcher(table);
            assertTrue(row.find(), "REVIEW.md has no row for " + tag);
            assertEquals(Messages.load(Locales.bundle(tag)).getProperty("language.endonym"), row.group(1).strip(), tag);
            String shown = row.group(2).strip();
            String expected = switch (record.getProperty(tag + ".status")) {
                case "source" -> "source text";
                case "reviewed" -> "reviewed";
                default -> "machine-drafted by the Haven engineers, not reviewed";
            };
            assertEquals(expected, shown, tag);
        }
    }
}
