package org.haven.casework;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.haven.casework.account.StaffAccountView;

/** Staff pages (templates/casework). */
@CheckedTemplate(basePath = "casework")
public final class StaffPages {

    private StaffPages() {
    }

    public static native TemplateInstance login(StaffPage p, boolean failed, boolean paused);

    public static native TemplateInstance secondFactor(StaffPage p, boolean failed);

    public static native TemplateInstance enrol(StaffPage p, String username, String secret, String uri, boolean failed);

    public static native TemplateInstance recoveryCodes(StaffPage p, List<String> codes);

    public static native TemplateInstance setup(StaffPage p, String error);

    public static native TemplateInstance setupDone(StaffPage p);

    public static native TemplateInstance home(StaffPage p);

    public static native TemplateInstance accounts(StaffPage p, List<StaffAccountView> accounts);

    public static native TemplateInstance inbox(StaffPage p, String labels);

    public static native TemplateInstance audit(StaffPage p, org.haven.casework.audit.ChainCheck check,
            List<org.haven.casework.audit.AuditEntry> entries, int page);

    public static native TemplateInstance stats(StaffPage p, String labels);

    public static native TemplateInstance adminKeys(StaffPage p);
}
