package org.haven.intake;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Haven with the proof of work required and small flood limits, so that tests can reach them: three
 * submissions without JavaScript a minute, two sign-ins per token, three failed sign-ins. Difficulty rises
 * from 8 to 12 bits once three challenges issued in the last minute were redeemed.
 */
public class FloodLimits implements QuarkusTestProfile {

    static final int NO_JS_PER_MINUTE = 3;
    static final int SIGN_INS_PER_TOKEN = 2;
    static final int FAILED_SIGN_INS_PER_MINUTE = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "haven.flood.proof-required", "true",
                "haven.flood.difficulty-steps", "0:8,3:12",
                "haven.flood.no-js-per-minute", Integer.toString(NO_JS_PER_MINUTE),
                "haven.flood.sign-ins-per-token", Integer.toString(SIGN_INS_PER_TOKEN),
                "haven.flood.failed-sign-ins-per-minute", Integer.toString(FAILED_SIGN_INS_PER_MINUTE));
    }
}
