package org.haven.referral.forces;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.haven.casework.StaffPage;

/** The admin's force registry pages (templates/casework/forces). */
@CheckedTemplate(basePath = "casework/forces")
final class ForcePages {

    private ForcePages() {
    }

    /** Haven's referral signing key as the page shows it; null when no key is configured. */
    record SigningKey(String keyId, String publicKey) {
    }

    static native TemplateInstance list(StaffPage p, List<ForceRegistry.ForceView> forces, long receiving,
            SigningKey signing);

    static native TemplateInstance edit(StaffPage p, ForceRegistry.ForceView force, long queuedNow);
}
