package org.haven.casework.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.casework.account.CurrentStaff;
import org.haven.referral.ForceTargets;
import org.haven.referral.Referral;
import org.haven.referral.ReferralFiles;
import org.haven.referral.ReferralFirewall;
import org.haven.referral.ReferralService;
import org.haven.web.Problem;

/**
 * Referrals of one report, for the composer on the case page. A draft that fails the firewall is answered
 * 422 with everything that blocked it (field and position of each finding, never the text again). Gated by
 * StaffGate (CSRF on POST).
 */
@NonBlocking
@Path("/casework/api/reports/{id}/referrals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReferralApi {

    private final ReferralService referrals;
    private final ForceTargets forces;
    private final CurrentStaff current;

    public ReferralApi(ReferralService referrals, ForceTargets forces, CurrentStaff current) {
        this.referrals = referrals;
        this.forces = forces;
        this.current = current;
    }

    @GET
    public Uni<List<Map<String, Object>>> list(@PathParam("id") String id) {
        return referrals.forReport(PathIds.uuid(id)).map(list -> list.stream().map(ReferralApi::view).toList());
    }

    /**
     * {@code {"draft": {force, event, location, offenders?, objects?}, "files"?: [{"id", "type"}]}}: the files are
     * uploads of {@link ReferralFileApi}, sealed to the draft's force (docs/referral.md section 7).
     */
    @POST
    public Uni<Response> propose(@PathParam("id") String id, JsonNode body) {
        UUID reportId = PathIds.uuid(id);
        JsonNode draft = body == null ? null : body.get("draft");
        if (draft == null || !draft.isObject()) {
            throw Problem.badRequest("draft must be a referral draft object.");
        }
        List<ReferralFiles.Requested> files = files(body.get("files"));
        return forces.find(draft.path("force").asText(null))
                .chain(force -> referrals.propose(current.get(), reportId, draft, force, files))
                .map(ReferralApi::answer);
    }

    private static List<ReferralFiles.Requested> files(JsonNode files) {
        if (files == null) {
            return List.of();
        }
        if (!files.isArray() || files.size() > ReferralFiles.MAX_FILES) {
            throw Problem.coded(400, "bad-request", "Bad request",
                    "files must be a list of at most " + ReferralFiles.MAX_FILES + " {id, type} objects.");
        }
        List<ReferralFiles.Requested> requested = new java.util.ArrayList<>();
        for (JsonNode file : files) {
            String type = file.path("type").asText("");
            if (!file.isObject() || file.size() != 2 || !file.path("id").isTextual()
                    || !ReferralFiles.TYPES.contains(type)) {
                throw Problem.coded(400, "bad-request", "Bad request",
                        "Each file is {id, type} with type image/jpeg or image/png.");
            }
            UUID id;
            try {
                id = UUID.fromString(file.get("id").textValue());
            } catch (IllegalArgumentException e) {
                throw Problem.coded(400, "bad-request", "Bad request", "A file id is not a UUID.");
            }
            if (requested.stream().anyMatch(r -> r.id().equals(id))) {
                throw Problem.coded(400, "bad-request", "Bad request", "A file is listed twice.");
            }
            requested.add(new ReferralFiles.Requested(id, type));
        }
        return requested;
    }

    static Response answer(ReferralService.Outcome outcome) {
        if (outcome.referral().isPresent()) {
            return Response.status(201).entity(view(outcome.referral().get())).build();
        }
        return Response.status(422).type("application/problem+json").entity(blocked(outcome.verdict())).build();
    }

    private static Map<String, Object> blocked(ReferralFirewall.Verdict verdict) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Referral blocked");
        problem.put("status", 422);
        problem.put("detail", "Nothing was sent. Fix everything listed, then send again.");
        problem.put("consentMissing", verdict.consentMissing());
        problem.put("forceProblem", verdict.forceProblem().orElse(null));
        problem.put("violations", verdict.violations().stream()
                .map(v -> Map.of("path", v.path(), "problem", v.problem())).toList());
        problem.put("findings", verdict.findings().stream().map(f -> Map.of("path", f.fieldPath(), "start", f.start(),
                "end", f.end(), "kind", f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))).toList());
        return problem;
    }

    static Map<String, Object> view(Referral referral) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", referral.id.toString());
        view.put("reference", referral.reference);
        view.put("force", referral.forceCode);
        view.put("state", referral.state);
        view.put("proposedBy", referral.proposedBy);
        view.put("approvedBy", referral.approvedBy);
        view.put("created", referral.createdAt.toString());
        view.put("queued", referral.queuedAt == null ? null : referral.queuedAt.toString());
        view.put("finished", referral.finishedAt == null ? null : referral.finishedAt.toString());
        view.put("lastError", referral.lastError);
        view.put("copy", referral.staffCopy);
        view.put("forceReference", referral.forceReference);
        return view;
    }
}
