package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which language a browser's Accept-Language asks for, and the shape of the language list. */
class LocalesTest {

    @Test
    void kurdishAndDariResolveToTheBundlesWritten() {
        assertEquals("kmr", Locales.canonical("ku"));
        assertEquals("kmr", Locales.canonical("ku-Latn-TR"));
        assertEquals("kmr", Locales.canonical("kmr"));
        assertEquals("ckb", Locales.canonical("ku-Arab"));
        assertEquals("ckb", Locales.canonical("ckb-IQ"));
        assertEquals("fa", Locales.canonical("prs"));
        assertEquals("fa", Locales.canonical("fa-AF"));
        assertEquals("pa", Locales.canonical("pa-Guru-IN"));
        assertNull(Locales.canonical("pa-Arab"), "Shahmukhi readers cannot read the Gurmukhi bundle");
        assertNull(Locales.canonical("pa-PK"));
        assertNull(Locales.canonical("de-DE"));
    }

    @Test
    void allTwentyFourLanguagesOnceEachWithRightToLeftForArabicScript() {
        assertEquals(24, Locales.ALL.size());
        assertEquals(24, Set.copyOf(Locales.ALL).size());
        assertEquals(Set.of("en", "ar", "bn", "bg", "ckb", "fa", "fr", "it", "kmr", "lt", "pa", "pl", "ps", "pt", "ro",
                "ru", "so", "es", "sq", "ti", "am", "uk", "ur", "vi"), Set.copyOf(Locales.ALL));
        for (String tag : Locales.ALL) {
            assertEquals(List.of("ar", "fa", "ps", "ur", "ckb").contains(tag) ? "rtl" : "ltr", Locales.direction(tag));
        }
    }

    @Test
    void everyLanguageOfTheIssueIsOffered() {
        // Each language is offered only once its bundle is complete; all 24 are, so a key added to English
        // without its translations fails here instead of quietly taking languages off the picker.
        assertEquals(Locales.ALL, Locales.SUPPORTED);
    }

    @Test
    void supportedIsInPickerOrderAndAlwaysHasEnglishAndArabic() {
        assertTrue(Locales.SUPPORTED.containsAll(List.of("en", "ar")), Locales.SUPPORTED.toString());
        assertEquals(Locales.ALL.stream().filter(Locales.SUPPORTED::contains).toList(), Locales.SUPPORTED);
        assertEquals("ar", Locales.fromAcceptLanguage("ar-EG,ar;q=0.9,en;q=0.5"));
        assertEquals("en", Locales.fromAcceptLanguage("de-DE, nl;q=0.8"));
        assertEquals("en", Locales.fromAcceptLanguage("ar;q=0, de"));
        assertEquals("en", Locales.fromAcceptLanguage("not a header;;"));
    }
}
