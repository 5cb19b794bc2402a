package org.haven.referral.forces;

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
import org.haven.casework.account.CurrentStaff;
import org.haven.web.HavenConfig;
import org.haven.web.Messages;
import org.haven.web.Msgs;
import org.haven.web.Problem;

/**
 * The admin's force registry API, used by forces.js. Admin-only and CSRF-checked by StaffGate (everything under
 * {@code /casework/api/admin/}).
 */
@NonBlocking
@Path("/casework/api/admin/forces")
@Produces(MediaType.APPLICATION_JSON)
public class ForceAdminApi {

    private static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private final CurrentStaff current;
    private final ForceRegistry registry;
    private final EndpointRule endpointRule;
    private final Msgs messages;

    public ForceAdminApi(CurrentStaff current, ForceRegistry registry, HavenConfig config, Messages messages) {
        this.current = current;
        this.registry = registry;
        this.endpointRule = new EndpointRule(config.referral().allowPlainHttp());
        this.messages = messages.staff();
    }

    /** All 46 forces by name, with endpoints, keys and whether each can receive referrals. */
    @GET
    public Uni<List<ForceRegistry.ForceView>> all() {
        return registry.all();
    }

    @GET
    @Path("{code}")
    public Uni<ForceRegistry.ForceView> one(@PathParam("code") String code) {
        return registry.one(code);
    }

    /**
     * Replaces a force's settings with {@code {endpointUrl, publicKey, enabled}} (blank clears). Answers the
     * stored force, whether its key changed, and how many queued referrals stay sealed to the old key; or a
     * 400 problem with {@code errors: [{field, message}]} and the {@code values} as sent, to show again.
     */
    @POST
    @Path("{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("code") String code, ForceForm form) {
        if (form == null) {
            throw Problem.badRequest("Send the force's settings as JSON.");
        }
        ForceForm.Checked checked = form.check(endpointRule);
        if (!checked.ok()) {
            // The force must exist even to be told what is wrong with the form.
            return registry.one(code).map(force -> invalid(form, checked.errors()));
        }
        return registry.update(current.get(), code, checked.settings()).map(saved -> Response.ok(saved).build());
    }

    private Response invalid(ForceForm form, List<ForceForm.FieldError> errors) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(ForceForm.ENDPOINT, form.endpointUrl());
        values.put(ForceForm.KEY, form.publicKey());
        values.put(ForceForm.ENABLED, form.enabled());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", messages.t("forces.error.title"));
        body.put("status", 400);
        body.put("errors", errors.stream()
                .map(e -> Map.of("field", e.field(), "message", messages.t(e.key()))).toList());
        body.put("values", values);
        return Response.status(400).type(PROBLEM_JSON).entity(body).build();
    }
}
