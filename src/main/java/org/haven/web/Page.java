package org.haven.web;

import java.util.List;

/**
 * What every reporter page needs besides its own content: language and direction, the messages, the
 * organisation, the quick exit, and links to the same page in the other languages.
 *
 * @param languagesHref the language picker page, which leads back to this page in the chosen language
 * @param reviewed whether a native speaker has checked this language's text (see i18n/REVIEW.md)
 */
public record Page(String lang, String dir, Msgs m, HavenConfig.Organisation org, String quickExitUrl,
        List<LanguageLink> languages, String languagesHref, boolean reviewed) {

    public String t(String key) {
        return m.t(key);
    }

    public String t(String key, Object arg0) {
        return m.t(key, arg0);
    }

    public String t(String key, Object arg0, Object arg1) {
        return m.t(key, arg0, arg1);
    }

    /** A link to this page in another language; labelled with that language's own name, in its direction. */
    public record LanguageLink(String lang, String dir, String endonym, String href, boolean current) {
    }
}
