package org.haven.referral.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haven.referral.screen.Finding.Kind;
import org.junit.jupiter.api.Test;

class PersonalDataScreenTest {

    private static List<Finding> screen(String text) {
        return PersonalDataScreen.screen("event.account", text, false);
    }

    private static Finding only(List<Finding> findings) {
        assertEquals(1, findings.size(), findings::toString);
        return findings.get(0);
    }

    @Test
    void reportsOffsetsInOriginalTextAcrossZeroWidthAndBidiCharacters() {
        String text = "Call \u200F07700\u200B900\u202E123\u202C now";
        List<Finding> found = screen(text);
        assertEquals(List.of(Kind.HIDDEN_CHARACTER, Kind.PHONE, Kind.HIDDEN_CHARACTER),
                found.stream().map(Finding::kind).toList(), "the marks around the number are findings too");
        Finding f = found.get(1);
        assertEquals(Kind.PHONE, f.kind());
        assertEquals(6, f.start());
        assertEquals(text.indexOf("\u202C now"), f.end(), "a trailing control character is not part of the number");
        assertEquals("07700\u200B900\u202E123", f.excerpt());
        assertEquals(text.substring(f.start(), f.end()), f.excerpt());
    }

    @Test
    void findsEveryBidiControlZeroWidthCharacterControlAndUnpairedSurrogateWhereItIs() {
        for (String hidden : List.of("\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
                "\u2069", "\u200E", "\u200F", "\u061C", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD",
                "\u0000", "\u001B", "\u0085", "\uD800", "\uDC00")) {
            String text = "A red bicycle" + hidden + " was taken";
            Finding f = only(screen(text));
            assertEquals(Kind.HIDDEN_CHARACTER, f.kind(), () -> "U+" + Integer.toHexString(hidden.charAt(0)));
            assertEquals(13, f.start());
            assertEquals(14, f.end());
        }
        assertEquals(new Finding("/event/account", 2, 5, Kind.HIDDEN_CHARACTER, "\u2067\u202E\u200B"),
                only(PersonalDataScreen.screen("/event/account", "ab\u2067\u202E\u200Bcd", false)), "a run is one finding");
        assertTrue(screen("Tab\tand\r\nline breaks, عربي, 😀 and ﬁne ligatures").isEmpty());
    }

    @Test
    void readsArabicIndicAndPersianDigitsAndReportsThemAsWritten() {
        String text = "اتصل على ٠٧٧٠٠ ٩٠٠١٢٣ الآن";
        Finding f = only(screen(text));
        assertEquals(Kind.PHONE, f.kind());
        assertEquals("٠٧٧٠٠ ٩٠٠١٢٣", f.excerpt());
        assertEquals(text.indexOf('٠'), f.start());

        Finding persian = only(screen("شماره ۰۷۷۰۰۹۰۰۱۲۳"));
        assertEquals("۰۷۷۰۰۹۰۰۱۲۳", persian.excerpt());
    }

    @Test
    void keepsOffsetsRightAfterCharactersThatFoldToSeveral() {
        String text = "ﬁne ＶＩＳＡ and a@b.com";
        List<Finding> found = screen(text);
        assertEquals(2, found.size(), found::toString);
        assertEquals("ＶＩＳＡ", found.get(0).excerpt());
        assertEquals(Kind.IMMIGRATION_TERM, found.get(0).kind());
        assertEquals(text.indexOf("a@b"), found.get(1).start());
        assertEquals("a@b.com", found.get(1).excerpt());
    }

    @Test
    void findsArabicWordsWrittenWithDiacriticsTatweelOrAttachedPrefixes() {
        assertEquals(Kind.IMMIGRATION_TERM, only(screen("تَأْشِيرَة")).kind());
        assertEquals(Kind.IMMIGRATION_TERM, only(screen("الترحــيل")).kind());
        assertEquals("وبالترحيل", only(screen("هددوه وبالترحيل")).excerpt());
    }

    @Test
    void matchesWordsOnlyWhole() {
        assertTrue(screen("it was advisable and visible").isEmpty());
        assertTrue(screen("his deportment was calm").isEmpty(), "deportment means bearing, not removal");
        assertTrue(screen("the homeowner at the office").isEmpty());
        assertEquals("deported", only(screen("he was deported")).excerpt());
        assertEquals("Home Office", only(screen("the Home Office wrote")).excerpt());
    }

    @Test
    void checksCardNumbersWithLuhn() {
        assertTrue(IdentityNumberRules.luhn("4111111111111111"));
        assertTrue(IdentityNumberRules.luhn("378282246310005"));
        assertFalse(IdentityNumberRules.luhn("4111111111111112"));
        assertFalse(IdentityNumberRules.luhn("79927398713"), "too short for a card");
        assertEquals(Kind.BANK_OR_CARD, only(screen("card 4111-1111-1111-1111")).kind());
        assertTrue(screen("ticket 4111 1111 1111 1112").isEmpty());
    }

    @Test
    void refusesNationalInsurancePrefixesHmrcNeverAllocates() {
        assertTrue(IdentityNumberRules.isNiPrefix('a', 'b'));
        assertTrue(IdentityNumberRules.isNiPrefix('j', 'g'));
        for (String prefix : List.of("da", "fa", "ia", "qa", "ua", "va", "ad", "af", "ai", "aq", "au", "av", "ao",
                "bg", "gb", "kn", "nk", "nt", "tn", "zz")) {
            assertFalse(IdentityNumberRules.isNiPrefix(prefix.charAt(0), prefix.charAt(1)), prefix);
        }
        assertEquals(Kind.NATIONAL_INSURANCE, only(screen("AB 12 34 56 C")).kind());
        assertTrue(screen("GB 12 34 56 A").isEmpty());
        assertTrue(screen("AO123456B").isEmpty());
    }

    @Test
    void allowsOnlyThePostcodeDistrictInTheLocationField() {
        assertTrue(PersonalDataScreen.screen("location.area", "Westminster, SW1A", true).isEmpty());
        assertTrue(PersonalDataScreen.screen("location.area", "Manchester M1", true).isEmpty());
        Finding full = only(PersonalDataScreen.screen("location.area", "SW1A 1AA", true));
        assertEquals(Kind.POSTCODE, full.kind());
        Finding sector = only(PersonalDataScreen.screen("location.area", "near SW1A 1", true));
        assertEquals("SW1A 1", sector.excerpt());
        assertTrue(PersonalDataScreen.screen("event.account", "on the M1 5 men", false).isEmpty(),
                "a sector is only refused in the location field");
        assertEquals(Kind.POSTCODE, only(screen("lives at SW1A 1AA")).kind());
    }

    @Test
    void blocksDatesOfBirthButNotIncidentDates() {
        assertTrue(screen("on 3 October at 21:30").isEmpty());
        assertTrue(screen("On 12/03/2024 a man aged 30 hit me").isEmpty());
        assertEquals(Kind.DATE_OF_BIRTH, only(screen("DOB 3 October")).kind());
        assertEquals("12/03/1990", only(screen("aged 34, 12/03/1990")).excerpt());
    }

    @Test
    void findsIpAddressesButNotTimes() {
        assertEquals(Kind.IP_ADDRESS, only(screen("from 2001:db8::1")).kind());
        assertEquals(Kind.IP_ADDRESS, only(screen("from 10.0.0.1")).kind());
        assertTrue(screen("at 21:30:15").isEmpty());
        assertTrue(ContactRules.isIpv6("::1"));
        assertFalse(ContactRules.isIpv6("1:2:3"));
        assertFalse(ContactRules.isIpv6("1::2::3"));
    }

    @Test
    void screensEveryFieldOfAReferral() {
        List<Finding> found = PersonalDataScreen.screen(
                Map.of("event.account", "call 07700 900123", "location.area", "SW1A 1AA", "objects.0", "red bike"),
                Set.of("location.area"));
        assertEquals(List.of("event.account", "location.area"), found.stream().map(Finding::fieldPath).toList());
        assertTrue(PersonalDataScreen.screen("x", null, false).isEmpty());
    }

    @Test
    void survivesLongAdversarialText() {
        for (String text : List.of("a.".repeat(20_000) + "x@" + "-".repeat(5_000), "1 ".repeat(20_000),
                "a:".repeat(20_000) + "g", "a@".repeat(20_000), "x".repeat(100_000))) {
            assertTrue(screen(text).isEmpty());
        }
        assertEquals(Kind.URL, only(screen("ab.".repeat(5_000) + "com")).kind());
    }
}
