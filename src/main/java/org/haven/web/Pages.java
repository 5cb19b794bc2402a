package org.haven.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Builds the {@link Page} frame for a reporter page in a given language. */
@ApplicationScoped
public class Pages {

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
        List<Page.LanguageLink> links = Locales.SUPPORTED.stream()
                .map(tag -> new Page.LanguageLink(tag, messages.forLanguage(tag).t("language.endonym"),
                        "/" + tag + "/" + pathAfterLang, tag.equals(lang)))
                .toList();
        return new Page(lang, Locales.direction(lang), messages.forLanguage(lang), config.organisation(),
                config.quickExitUrl(), links);
    }
}
