package org.haven.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Error pages for people, in the language of the page they were on (templates/web). */
@CheckedTemplate(basePath = "web")
final class ErrorPages {

    private ErrorPages() {
    }

    static native TemplateInstance error(Page p, String titleKey, String bodyKey);
}
