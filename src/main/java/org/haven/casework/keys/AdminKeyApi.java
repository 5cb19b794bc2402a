package org.haven.casework.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.haven.casework.account.CurrentStaff;

/**
 * The admin's key management API. Admin-only and CSRF-checked by StaffGate (everything under
 * {@code /casework/api/admin/}). Keys are made, opened and sealed in the admin's browser (admin-keys.js);
 * these routes store and hand back public keys and sealed envelopes only.
 */
@NonBlocking
@Path("/casework/api/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public class AdminKeyApi {

    private final CurrentStaff current;
    private final KeyAdministration keys;

    public AdminKeyApi(CurrentStaff current, KeyAdministration keys) {
        this.current = current;
        this.keys = keys;
    }

    /** Every intake key, newest first; the active one takes new reports. */
    @GET
    @Path("intake")
    public Uni<List<KeyAdministration.IntakeKeyView>> intakeKeys() {
        return keys.intakeKeys();
    }

    /**
     * A new intake key made in the admin's browser: {@code {kid, publicKey, grantForMe, recoveryPublicKey,
     * recoveryEnvelope, olderRecoveryEnvelopes?: [{kid, envelope}]}}. It becomes the active key at once.
     */
    @POST
    @Path("intake")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createIntakeKey(JsonNode body) {
        var request = AdminKeyRequests.NewIntakeKey.parse(body);
        return keys.createIntakeKey(current.get(), request)
                .replaceWith(Response.status(201).entity(Map.of("kid", request.kid())).build());
    }

    /** Staff accounts that have a key, each with the intake kids it holds and whether it holds the active one. */
    @GET
    @Path("accounts")
    public Uni<List<KeyAdministration.AccountKeyView>> accounts() {
        return keys.accountsWithKeys();
    }

    /** Intake keys sealed to one account's key: {@code {accountId, grants: [{kid, envelope}]}}. */
    @POST
    @Path("grants")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Integer>> grant(JsonNode body) {
        var request = AdminKeyRequests.NewGrants.parse(body);
        return keys.grant(current.get(), request).map(count -> Map.of("granted", count));
    }

    /** Revokes: deletes every grant the account holds. */
    @DELETE
    @Path("grants/{accountId}")
    public Uni<Response> revoke(@PathParam("accountId") String accountId) {
        return keys.revoke(current.get(), AdminKeyRequests.accountId(accountId))
                .replaceWith(Response.noContent().build());
    }

    /** Resets an account's key (and so its grants), for a forgotten key passphrase. */
    @DELETE
    @Path("accounts/{accountId}/key")
    public Uni<Response> resetKey(@PathParam("accountId") String accountId) {
        return keys.resetStaffKey(current.get(), AdminKeyRequests.accountId(accountId))
                .replaceWith(Response.noContent().build());
    }

    /** Intake keys sealed to recovery keys, for restoring access with a recovery file. */
    @GET
    @Path("recovery")
    public Uni<List<KeyAdministration.RecoveryGrantView>> recovery() {
        return keys.recoveryGrants();
    }
}
