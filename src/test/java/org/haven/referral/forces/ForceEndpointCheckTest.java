package org.haven.referral.forces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForceEndpointCheckTest {

    @Test
    void refusesAnEnabledForceOnPlainHttp() {
        List<String> problems = ForceEndpointCheck.problems(List.of(
                force("kent", true, "http://referrals.kent.example/v1"),
                force("essex", true, "https://referrals.essex.example/v1")));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("'kent'") && problems.get(0).contains("police_force.endpoint_url"));
    }

    @Test
    void ignoresDisabledForces() {
        assertEquals(List.of(), ForceEndpointCheck.problems(List.of(force("kent", false, "http://x.example/"))));
    }

    private static PoliceForce force(String code, boolean enabled, String endpoint) {
        PoliceForce force = new PoliceForce();
        force.code = code;
        force.enabled = enabled;
        force.endpointUrl = endpoint;
        return force;
    }
}
