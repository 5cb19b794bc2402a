package org.haven.intake;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.haven.web.Page;

/** The reporter's pages (templates/intake). A typo in a template or a parameter breaks the build. */
@CheckedTemplate(basePath = "intake")
final class ReporterPages {

    private ReporterPages() {
    }

    static native TemplateInstance landing(Page p);

    static native TemplateInstance languages(Page p);

    static native TemplateInstance form(Page p, FormView form);

    static native TemplateInstance review(Page p, ReviewView review);

    static native TemplateInstance confirmation(Page p, String receipt);

    /** @param error the message key of what went wrong (not found, too busy), or null */
    static native TemplateInstance mailboxSignIn(Page p, String typed, String error);

    static native TemplateInstance mailbox(Page p, MailboxView mailbox);

    static native TemplateInstance withdrawConfirm(Page p, String token);

    static native TemplateInstance withdrawn(Page p);

    static native TemplateInstance unavailable(Page p);

    /** The evidence step's texts, fetched by evidence.js once a file is picked (a fragment, not a page). */
    static native TemplateInstance evidenceStrings(Page p);
}
