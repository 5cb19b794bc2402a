package org.haven.referral.screen;

import static org.haven.referral.screen.Scan.B;
import static org.haven.referral.screen.Scan.E;

import java.time.Year;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.referral.screen.Finding.Kind;

/**
 * Dates of birth. An account is full of incident dates ("on 3 October", "12/03/2024"), so a date alone is never
 * blocked: it must sit near a birth word ("born", "DOB", "تاريخ الميلاد"…), or be a full date next to an age word
 * ("aged", "years old") that is at least ten years old or fits the stated age.
 */
final class BirthDateRule {

    private static final String MONTHS = NormalisedText.fold("(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may"
            + "|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
            + "|يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر)");
    private static final Pattern DATE = Scan.compile(
            "(?<![\\p{N}/.-])\\d{1,2}([/.-])\\d{1,2}\\1(?<y1>\\d{4}|\\d{2})(?![\\p{N}]|[/.-]\\d)"
            + "|" + B + "(?<y2>(?:19|20)\\d{2})(?<s2>[-/.])\\d{1,2}\\k<s2>\\d{1,2}" + E
            + "|" + B + "\\d{1,2}(?:st|nd|rd|th)?\\s(?:of\\s)?" + MONTHS + "\\.?(?:,?\\s(?<y3>(?:19|20)\\d{2}))?" + E
            + "|" + B + MONTHS + "\\.?\\s\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s(?<y4>(?:19|20)\\d{2}))?" + E
            + "|" + B + "(?<y5>(?:19|20)\\d{2})" + E);
    private static final Pattern BIRTH_WORD = Scan.compile(B + NormalisedText.fold("(?:born|dob|d\\.o\\.b\\.?"
            + "|date\\sof\\sbirth|birth\\s?date|birthday|year\\sof\\sbirth|urodzon[aey]?|data\\surodzenia"
            + "|n[aă]scut[aă]?|data\\sna[sș]terii|nacid[oa]|fecha\\sde\\snacimiento|ولد|ولدت|مولود|مواليد"
            + "|تاريخ\\s(?:الميلاد|الولادة)|تاریخ\\sتولد|متولد|پیدائش|تاریخ\\sپیدائش)") + E);
    private static final Pattern AGE_WORD = Scan.compile(B + NormalisedText.fold(
            "(?:aged|age|years?\\sold|yrs?\\sold|y/o|عمر|عمري|سنة|ساله|سال)") + E);
    private static final Pattern NUMBER = Scan.compile("(?<!\\p{N})\\d{1,3}(?!\\p{N})");

    private BirthDateRule() {
    }

    static void apply(Scan scan) {
        String t = scan.text();
        int thisYear = Year.now(ZoneOffset.UTC).getValue();
        Matcher m = DATE.matcher(t);
        while (m.find()) {
            String yearOnly = m.group("y5");
            if (yearOnly != null) {
                if (scan.near(BIRTH_WORD, m.start() - 12, m.start())) {
                    scan.add(Kind.DATE_OF_BIRTH, m.start(), m.end());
                }
                continue;
            }
            if (scan.near(BIRTH_WORD, m.start() - 30, m.start()) || scan.near(BIRTH_WORD, m.end(), m.end() + 15)) {
                scan.add(Kind.DATE_OF_BIRTH, m.start(), m.end());
                continue;
            }
            int year = year(m, thisYear);
            if (year > 0 && ageFits(scan, m.start(), m.end(), thisYear - year)) {
                scan.add(Kind.DATE_OF_BIRTH, m.start(), m.end());
            }
        }
    }

    private static int year(Matcher m, int thisYear) {
        for (String g : new String[] {"y1", "y2", "y3", "y4"}) {
            String y = m.group(g);
            if (y != null) {
                int value = Integer.parseInt(y);
                if (y.length() == 2) {
                    value += value > thisYear % 100 ? 1900 : 2000;
                }
                return value;
            }
        }
        return -1;
    }

    /** An age word near the date, and the date is old enough to be a birth date or fits the age given. */
    private static boolean ageFits(Scan scan, int start, int end, int yearsAgo) {
        int from = Math.max(0, start - 30);
        int to = Math.min(scan.text().length(), end + 30);
        if (!scan.near(AGE_WORD, from, to)) {
            return false;
        }
        if (yearsAgo >= 10) {
            return true;
        }
        Matcher n = NUMBER.matcher(scan.text()).region(from, to);
        while (n.find()) {
            if (n.start() >= start && n.end() <= end) {
                continue;
            }
            if (Math.abs(Integer.parseInt(n.group()) - yearsAgo) <= 1) {
                return true;
            }
        }
        return false;
    }
}
