package org.haven.referral;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Haven configured so that a second caseworker must approve every referral. */
public class ApprovalRequired implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("haven.referral.require-approval", "true");
    }
}
