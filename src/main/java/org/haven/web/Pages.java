package org.haven.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/** Builds the {@link Page} frame for a reporter page in a given language. */
@ApplicationScoped
public class Pages {

    /** The pages, below {@code /{lang}/}, that the language picker may lead back to. */
    public static final Set<String> RETURN_PATHS = Set.of("", "report", "mailbox");

    private final Messages messages;
    private final HavenConfig config;

    public Pages(Messages messages, HavenConfig config) {
        this.messages = messages;
        this.config = config;
    }

    /**
     * @param lang a supported language tag
     * @param pathAfterLang where this page lives below {@code /{lang}/}, for the language picker links;
     *     pages reached by POST link to their starting page instead
     */
    public Page page(String lang, String pathAfterLang) {
        String back = RETURN_PATHS.contains(pathAfterLang) ? pathAfterLang : "";
        List<Page.LanguageLink> links = Locales.SUPPORTED.stream()
                .map(tag -> new Page.LanguageLink(tag, Locales.direction(tag),
                        messages.forLanguage(tag).t("language.endonym"), "/" + tag + "/" + back, tag.equals(lang)))
                .toList();
        String languagesHref = "/" + lang + "/languages" + (back.isEmpty() ? "" : "?from=" + back);
        return new Page(lang, Locales.direction(lang), messages.forLanguage(lang), config.organisation(),
                config.quickExitUrl(), links, languagesHref, Locales.reviewed(lang));
    }
}
