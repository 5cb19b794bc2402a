package org.haven.referral.screen;

import static org.haven.referral.screen.Scan.B;
import static org.haven.referral.screen.Scan.E;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.referral.screen.Finding.Kind;

/** Numbers that name a person or their money: postcodes, passports and permits, NI, bank and card numbers. */
final class IdentityNumberRules {

    private static final String OUTWARD = "[a-z]{1,2}\\d[a-z\\d]?";
    private static final Pattern FULL_POSTCODE = Scan.compile(
            B + "(" + OUTWARD + ")\\s?(\\d[abd-hjlnp-uw-z]{2})" + E);
    /** A postcode sector ("SW1A 1"): finer than a district, so refused in the location field. */
    private static final Pattern SECTOR = Scan.compile(B + OUTWARD + "\\s\\d" + E);
    private static final Pattern BRP = Scan.compile(B + "[a-z]{2}\\d{7}" + E);
    private static final Pattern PASSPORT = Scan.compile(B + "(?:[a-z]{1,2}\\d{6,8}|\\d{9}|\\d{3}\\s\\d{3}\\s\\d{3})" + E);
    private static final Pattern PASSPORT_WORD = Scan.compile(NormalisedText.fold(
            "passports?|pasaporte|paszport\\w*|pa[sș]aport\\w*|travel document|document (?:no|number)|permit"
            + "|جواز|پاسپورت|پاسپورٹ|biometric|brp"));
    private static final Pattern NI = Scan.compile(
            B + "([a-z])([a-z])\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}\\s?[a-d]" + E);
    private static final Set<String> NI_NOT_ALLOCATED = Set.of("bg", "gb", "kn", "nk", "nt", "tn", "zz");
    private static final Pattern CARD = Scan.compile("(?<![\\p{N}])\\d(?:[ -]?\\d){12,18}(?!\\p{N})");
    private static final Pattern SORT_CODE = Scan.compile("(?<![\\p{N}-])\\d{2}([- ])\\d{2}\\1\\d{2}(?![\\p{N}-])");
    private static final Pattern ACCOUNT = Scan.compile("(?<!\\p{N})\\d{8}(?!\\p{N})");
    private static final Pattern BANK_WORD = Scan.compile(
            B + "(?:sort\\s?code|s/c|account|acct?|a/c|iban|bank|konto|cont|cuenta|" + NormalisedText.fold("حساب") + ")" + E);
    private static final Pattern IBAN = Scan.compile(B + "[a-z]{2}\\d{2}\\s?[a-z]{4}(?:\\s?\\d){10,26}" + E);

    private IdentityNumberRules() {
    }

    static void apply(Scan scan) {
        String t = scan.text();
        Matcher m = FULL_POSTCODE.matcher(t);
        while (m.find()) {
            if (!looksLikeOrdinal(scan, m.start(2), m.end(2))) {
                scan.add(Kind.POSTCODE, m.start(), m.end());
            }
        }
        if (scan.isLocationField) {
            m = SECTOR.matcher(t);
            while (m.find()) {
                scan.add(Kind.POSTCODE, m.start(), m.end());
            }
        }
        m = BRP.matcher(t);
        while (m.find()) {
            scan.add(Kind.PASSPORT_OR_PERMIT, m.start(), m.end());
        }
        m = PASSPORT.matcher(t);
        while (m.find()) {
            if (scan.near(PASSPORT_WORD, m.start() - 40, m.end() + 25)) {
                scan.add(Kind.PASSPORT_OR_PERMIT, m.start(), m.end());
            }
        }
        m = NI.matcher(t);
        while (m.find()) {
            if (isNiPrefix(m.group(1).charAt(0), m.group(2).charAt(0))) {
                scan.add(Kind.NATIONAL_INSURANCE, m.start(), m.end());
            }
        }
        m = CARD.matcher(t);
        while (m.find()) {
            if (luhn(m.group().replaceAll("\\D", ""))) {
                scan.add(Kind.BANK_OR_CARD, m.start(), m.end());
            }
        }
        m = IBAN.matcher(t);
        while (m.find()) {
            scan.add(Kind.BANK_OR_CARD, m.start(), m.end());
        }
        m = SORT_CODE.matcher(t);
        while (m.find()) {
            Matcher account = ACCOUNT.matcher(t).region(m.end(), Math.min(t.length(), m.end() + 25));
            if (account.find()) {
                scan.add(Kind.BANK_OR_CARD, m.start(), account.end());
            } else if (scan.near(BANK_WORD, m.start() - 25, m.start())) {
                scan.add(Kind.BANK_OR_CARD, m.start(), m.end());
            }
        }
        m = ACCOUNT.matcher(t);
        while (m.find()) {
            if (scan.near(BANK_WORD, m.start() - 25, m.start())) {
                scan.add(Kind.BANK_OR_CARD, m.start(), m.end());
            }
        }
    }

    /**
     * "M25 3rd lane", "A1 1st exit": an inward code that spells an ordinal is taken as a postcode only when written
     * in capitals ("B33 8TH"), as postcodes usually are and ordinals never are.
     */
    private static boolean looksLikeOrdinal(Scan scan, int foldedStart, int foldedEnd) {
        String inward = scan.text().substring(foldedStart, foldedEnd);
        if (!inward.matches("\\d(?:st|nd|rd|th)")) {
            return false;
        }
        String written = scan.original.substring(scan.folded.originalStart(foldedStart),
                scan.folded.originalEnd(foldedEnd));
        return !written.equals(written.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * HMRC never allocates a National Insurance prefix with D, F, I, Q, U or V in it, nor O second, nor BG, GB,
     * KN, NK, NT, TN or ZZ.
     */
    static boolean isNiPrefix(char first, char second) {
        String c1 = String.valueOf(first);
        String c2 = String.valueOf(second);
        return !"dfiquv".contains(c1) && !"dfiquvo".contains(c2) && !NI_NOT_ALLOCATED.contains(c1 + c2);
    }

    /** The Luhn check digit test used by every card scheme. */
    static boolean luhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
