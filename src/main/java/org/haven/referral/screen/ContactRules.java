package org.haven.referral.screen;

import static org.haven.referral.screen.Scan.B;
import static org.haven.referral.screen.Scan.E;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.referral.screen.Finding.Kind;

/** Ways to reach a person: email, phone, URL, IP address. */
final class ContactRules {

    // No repeated groups: Java matches those recursively, and a long "a.a.a…" would overflow the stack.
    private static final Pattern EMAIL = Scan.compile("(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+\\s?(?:@|\\(at\\)|\\[at\\])\\s?"
            + "[\\p{L}\\p{N}-]+\\.[\\p{L}\\p{N}.-]*[\\p{L}\\p{N}]");
    /** "john dot smith at gmail dot com": spelled out so a filter would miss it. Ends in a known domain. */
    private static final Pattern SPELLED_EMAIL = Scan.compile(
            "(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}_-]+(?:(?:\\sdot\\s|\\.)[\\p{L}\\p{N}_-]+){0,3}"
            + "\\s(?:at|\\(at\\)|\\[at\\])\\s[\\p{L}\\p{N}-]+"
            + "(?:(?:\\sdot\\s|\\s?\\(dot\\)\\s?|\\s?\\[dot\\]\\s?|\\.)[\\p{L}\\p{N}-]+){0,2}"
            + "(?:\\sdot\\s|\\s?\\(dot\\)\\s?|\\s?\\[dot\\]\\s?|\\.)(?:com|net|org|uk|pl|ro|de|fr|es|info)(?![\\p{L}\\p{N}])");

    /** Generic top-level domains that rarely end a sentence typed without a space ("end.com" is a site). */
    private static final String GENERIC_TLD = "(?:com|org|net|info|biz|io|app|dev|online|site|shop|uk)";
    /** Country domains that are also words ("station.in the", "end.it"): a site only with a path ("t.me/x"). */
    private static final String COUNTRY_TLD = "(?:me|tv|ly|co|eu|de|pl|ro|es|fr|it|ru|sa|ae|eg|ir|pk|af|sy|iq|ma|ng|in)";
    private static final String LABELS = "(?<![\\p{L}\\p{N}.@-])[\\p{L}\\p{N}][\\p{L}\\p{N}.-]*\\.";
    private static final Pattern URL = Scan.compile(
            "(?:https?://|www\\.)[^\\s<>\"']+"
            + "|" + LABELS + GENERIC_TLD + "(?![\\p{L}\\p{N}-])(?:/[^\\s<>\"']*)?"
            + "|" + LABELS + COUNTRY_TLD + "/[^\\s<>\"']*");
    private static final Pattern PHONE = Scan.compile("(?<![\\p{N}+])(?:(?:\\+|00)\\s?)?\\(?\\d[\\d ().-]{5,24}\\d(?!\\p{N})");
    private static final Pattern IPV4 = Scan.compile(
            "(?<![\\p{N}.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(?![\\p{N}]|\\.\\d)");
    private static final Pattern IPV6 = Scan.compile("(?<![\\p{L}\\p{N}:])[0-9a-f:]{2,39}(?![\\p{L}\\p{N}:])");

    /** Words that make a bare "7700 900123" (a mobile without its leading 0) a phone number. */
    private static final Pattern PHONE_WORD = Scan.compile(B + NormalisedText.fold(
            "(?:phone|mobile|tel|telephone|call|ring|text|whatsapp|number|numer|telefon|număr|numar|teléfono"
            + "|رقم|هاتف|جوال|موبايل|تلفن|شماره|فون|نمبر)") + E);

    private ContactRules() {
    }

    static void apply(Scan scan) {
        String t = scan.text();
        Matcher m = EMAIL.matcher(t);
        while (m.find()) {
            scan.add(Kind.EMAIL, m.start(), trimEnd(t, m.start(), m.end()));
        }
        m = SPELLED_EMAIL.matcher(t);
        while (m.find()) {
            if (m.group().matches(".*(?:\\sdot\\s|dot\\)|dot]|\\(at\\)|\\[at]).*")) { // "look at gmail.com" is a URL
                scan.add(Kind.EMAIL, m.start(), m.end());
            }
        }
        m = URL.matcher(t);
        while (m.find()) {
            scan.add(Kind.URL, m.start(), trimEnd(t, m.start(), m.end()));
        }
        m = IPV4.matcher(t);
        while (m.find()) {
            scan.add(Kind.IP_ADDRESS, m.start(), m.end());
        }
        m = IPV6.matcher(t);
        while (m.find()) {
            if (isIpv6(m.group())) {
                scan.add(Kind.IP_ADDRESS, m.start(), m.end());
            }
        }
        m = PHONE.matcher(t);
        while (m.find()) {
            int end = phoneEnd(t, m.start(), m.end());
            if (end < 0 && scan.near(PHONE_WORD, m.start() - 25, m.start())) {
                end = phoneEnd(t, m.start(), m.end(), true);
            }
            if (end > 0) {
                scan.add(Kind.PHONE, m.start(), end);
            }
        }
    }

    /** Drops trailing sentence punctuation from a URL or email. */
    private static int trimEnd(String t, int start, int end) {
        while (end > start && ".,;:!?)]}".indexOf(t.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    /**
     * The end of the longest prefix of the candidate that is a phone number, or -1. The candidate may have run on
     * into a neighbouring number, so shorter prefixes are tried too.
     */
    static int phoneEnd(String t, int start, int end) {
        return phoneEnd(t, start, end, false);
    }

    private static int phoneEnd(String t, int start, int end, boolean mobileWithoutZero) {
        String cand = t.substring(start, end);
        boolean international = cand.startsWith("+") || cand.startsWith("00");
        if (cand.matches(".*[ .()-]{3,}.*")) {
            return -1;
        }
        for (int e = cand.length(); e > 0; e--) {
            if (!Character.isDigit(cand.charAt(e - 1))) {
                continue;
            }
            String part = cand.substring(0, e);
            if (part.startsWith("+44") || part.startsWith("0044")) {
                part = part.replace("(0)", "");
            }
            String digits = part.replaceAll("\\D", "");
            if (international) {
                if (cand.startsWith("00")) {
                    digits = digits.length() > 2 ? digits.substring(2) : "";
                }
                if (!digits.startsWith("0") && digits.length() >= 7 && digits.length() <= 15 && (!digits.startsWith("44") || digits.length() >= 11)) {
                    return start + e;
                }
            } else if (mobileWithoutZero && digits.matches("7\\d{9}")) {
                return start + e;
            } else if (digits.startsWith("07") ? digits.length() == 11
                    : digits.matches("0[1235789]\\d{8,9}")) {
                return start + e;
            }
        }
        return -1;
    }

    static boolean isIpv6(String s) {
        if (s.length() < 3 || s.length() > 39 || s.chars().filter(c -> c == ':').count() < 2) {
            return false;
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        String body = dc >= 0 ? s.replace("::", ":x:") : s;
        String[] groups = body.split(":", -1);
        int count = 0;
        for (String g : groups) {
            if (g.isEmpty() && dc >= 0) {
                continue; // the edges of a leading or trailing "::"
            }
            if (g.equals("x")) {
                continue;
            }
            if (!g.matches("[0-9a-f]{1,4}")) {
                return false;
            }
            count++;
        }
        return dc >= 0 ? count <= 7 && (count > 0 || s.equals("::")) && !s.equals("::") : count == 8;
    }
}
