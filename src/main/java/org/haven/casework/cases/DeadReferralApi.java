package org.haven.casework.cases;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.haven.referral.ReferralRepository;
import org.haven.referral.ReferralState;

/**
 * Referrals whose delivery gave up, across every report, so the inbox can say at once that one needs a
 * caseworker (try again or cancel) without opening each case. Only workflow metadata, never a document.
 */
@NonBlocking
@Path("/casework/api/referrals/dead")
@Produces(MediaType.APPLICATION_JSON)
public class DeadReferralApi {

    private final ReferralRepository referrals;

    public DeadReferralApi(ReferralRepository referrals) {
        this.referrals = referrals;
    }

    @GET
    @WithSession
    public Uni<List<Map<String, Object>>> list() {
        return referrals.list("state = ?1 and reportId is not null order by finishedAt desc", ReferralState.DEAD.code())
                .map(list -> list.stream().map(r -> Map.<String, Object>of("id", r.id.toString(),
                        "report", r.reportId.toString(), "reference", r.reference, "force", r.forceCode)).toList());
    }
}
