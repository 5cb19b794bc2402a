package org.haven.web;

import java.util.List;

/**
 * What every reporter page needs besides its own content: language and direction, the messages, the
 * organisation, the quick exit, and links to the same page in the other languages.
 */
public record Page(String lang, String dir, Msgs m, HavenConfig.Organisation org, String quickExitUrl,
        List<LanguageLink> languages) {

    public String t(String key) {
        return m.t(key);
    }

    public String t(String key, Object arg0) {
        return m.t(key, arg0);
    }

    public String t(String key, Object arg0, Object arg1) {
        return m.t(key, arg0, arg1);
    }

    /** A link to this page in another language; labelled with that language's own name. */
    public record LanguageLink(String lang, String endonym, String href, boolean current) {
    }
}
