package org.haven.referral.forces;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.haven.crypto.Base64Url;
import org.haven.referral.ForceTarget;
import org.haven.referral.ForceTargets;
import org.haven.web.Problem;

/**
 * The forces a caseworker can pick for a referral: code, name and whether it can receive one now, and the public
 * key their browser seals referral files to. Endpoints are the admin's business and are not shown here. Any
 * signed-in staff member (StaffGate).
 */
@NonBlocking
@Path("/casework/api/forces")
@Produces(MediaType.APPLICATION_JSON)
public class ForceListApi {

    private final ForceRegistry registry;
    private final ForceTargets targets;

    public ForceListApi(ForceRegistry registry, ForceTargets targets) {
        this.registry = registry;
        this.targets = targets;
    }

    @GET
    public Uni<List<ForceRegistry.ForceChoice>> choices() {
        return registry.choices();
    }

    /**
     * The public key a caseworker's browser seals referral files to (docs/referral.md section 7.1):
     * {@code {"kid", "publicKey"}}, base64url of the 65-byte point; 404 unless the force can receive now.
     */
    @GET
    @Path("{code}/key")
    public Uni<Map<String, String>> key(@PathParam("code") String code) {
        return targets.find(code).map(force -> force.filter(ForceTarget::canReceive)
                .map(f -> Map.of("kid", f.keyId(), "publicKey", Base64Url.encode(f.publicKey())))
                .orElseThrow(Problem::notFound));
    }
}
