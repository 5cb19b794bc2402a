package org.haven.casework.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.haven.casework.account.CurrentStaff;
import org.haven.referral.ForceTargets;
import org.haven.referral.ReferralService;
import org.haven.web.Problem;

/** What a caseworker does to one referral: approve (as the second caseworker), cancel, try again. */
@NonBlocking
@Path("/casework/api/referrals/{referral}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReferralActionApi {

    private final ReferralService referrals;
    private final ForceTargets forces;
    private final CurrentStaff current;

    public ReferralActionApi(ReferralService referrals, ForceTargets forces, CurrentStaff current) {
        this.referrals = referrals;
        this.forces = forces;
        this.current = current;
    }

    /** {@code {"document": {...}}}: the complete document as the approver's browser opened it. */
    @POST
    @Path("approve")
    public Uni<Response> approve(@PathParam("referral") String referralId, JsonNode body) {
        JsonNode document = body == null ? null : body.get("document");
        if (document == null || !document.isObject()) {
            throw Problem.badRequest("document must be the referral document.");
        }
        return forces.find(document.path("force").asText(null))
                .chain(force -> referrals.approve(current.get(), PathIds.uuid(referralId), document, force))
                .map(ReferralApi::answer);
    }

    @POST
    @Path("cancel")
    public Uni<Response> cancel(@PathParam("referral") String referralId) {
        return referrals.cancel(current.get(), PathIds.uuid(referralId)).replaceWith(Response.noContent().build());
    }

    /** Queues a dead referral again, to the force it was addressed to. */
    @POST
    @Path("retry")
    public Uni<Response> retry(@PathParam("referral") String referralId) {
        UUID id = PathIds.uuid(referralId);
        return referrals.forceOf(id).chain(forces::find).chain(target -> referrals.retry(current.get(), id, target))
                .replaceWith(Response.noContent().build());
    }
}
