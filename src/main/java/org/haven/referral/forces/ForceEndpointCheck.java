package org.haven.referral.forces;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.haven.web.ProductionCheck;

/**
 * Prod refuses an enabled police force whose endpoint is not HTTPS: referrals carry what a reporter consented
 * to pass on and must not cross the network in the clear (they are sealed too, but the metadata is not).
 */
@ApplicationScoped
public class ForceEndpointCheck implements ProductionCheck {

    private final PoliceForceRepository forces;

    public ForceEndpointCheck(PoliceForceRepository forces) {
        this.forces = forces;
    }

    @Override
    @WithSession
    public Uni<List<String>> problems() {
        return forces.list("enabled", true).map(ForceEndpointCheck::problems);
    }

    /** The refusals for these forces: each enabled one must have an {@code https://} endpoint. */
    static List<String> problems(List<PoliceForce> forces) {
        List<String> problems = new ArrayList<>();
        for (PoliceForce force : forces) {
            if (force.enabled && (force.endpointUrl == null || !force.endpointUrl.startsWith("https://"))) {
                problems.add("The police force '" + force.code + "' is enabled with a non-HTTPS endpoint ("
                        + force.endpointUrl + "): set an https:// endpoint on its admin force page, or disable it "
                        + "(police_force.endpoint_url).");
            }
        }
        return problems;
    }
}
