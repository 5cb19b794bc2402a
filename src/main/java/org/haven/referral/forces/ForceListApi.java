package org.haven.referral.forces;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The forces a caseworker can pick for a referral: code, name and whether it can receive one now. Endpoints and
 * keys are the admin's business and are not shown here. Any signed-in staff member (StaffGate).
 */
@NonBlocking
@Path("/casework/api/forces")
@Produces(MediaType.APPLICATION_JSON)
public class ForceListApi {

    private final ForceRegistry registry;

    public ForceListApi(ForceRegistry registry) {
        this.registry = registry;
    }

    @GET
    public Uni<List<ForceRegistry.ForceChoice>> choices() {
        return registry.choices();
    }
}
