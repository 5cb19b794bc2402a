package org.haven.casework.account;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haven.web.HavenConfig;
import org.haven.web.Problem;

/** Staff JSON API for the signed-in member (sign out) and for admins (accounts). Gated by {@link StaffGate}. */
// Staff routes run on the event loop: the gate and the services use Hibernate Reactive there.
@NonBlocking
@Path("/casework/api")
@Produces(MediaType.APPLICATION_JSON)
public class StaffApi {

    private static final Set<String> ROLES = Set.of(StaffPrincipal.ADMIN, StaffPrincipal.CASEWORKER);

    private final StaffAuth auth;
    private final CurrentStaff current;
    private final StaffRepositories.Accounts accounts;
    private final StaffCookie cookie;

    public StaffApi(StaffAuth auth, CurrentStaff current, StaffRepositories.Accounts accounts, HavenConfig config) {
        this.auth = auth;
        this.current = current;
        this.accounts = accounts;
        this.cookie = new StaffCookie(config.staff().secureCookie());
    }

    @GET
    @Path("me")
    public Map<String, String> me() {
        StaffPrincipal me = current.get();
        return Map.of("username", me.username(), "role", me.role());
    }

    @POST
    @Path("sign-out")
    public Uni<Response> signOut() {
        return auth.signOut(current.get()).replaceWith(Response.noContent().cookie(cookie.clear()).build());
    }

    @POST
    @Path("sign-out-everywhere")
    public Uni<Response> signOutEverywhere() {
        return auth.signOutEverywhere(current.get())
                .replaceWith(Response.noContent().cookie(cookie.clear()).build());
    }

    @GET
    @Path("admin/accounts")
    public Uni<List<StaffAccountView>> accounts() {
        Instant now = Instant.now();
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> accounts.listAll())
                .map(list -> list.stream().map(a -> StaffAccountView.of(a, now)).toList());
    }

    @POST
    @Path("admin/accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createAccount(NewAccount request) {
        if (request == null || request.username() == null
                || !StaffAuth.normaliseUsername(request.username()).matches("[a-z0-9._-]{3,64}")) {
            throw Problem.badRequest("username must be 3 to 64 letters, digits, dots, hyphens or underscores.");
        }
        if (!ROLES.contains(request.role())) {
            throw Problem.badRequest("role must be admin or caseworker.");
        }
        if (request.password() == null || request.password().length() < 12) {
            throw Problem.badRequest("password must be at least 12 characters.");
        }
        return auth.createAccount(request.username(), request.role(), request.password())
                .map(account -> Response.status(201).entity(Map.of("username", account.username)).build())
                .onFailure(StaffApi::isDuplicate)
                .transform(e -> new Problem(409, "Conflict", "That username is taken."));
    }

    private static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || (t.getMessage() != null && t.getMessage().contains("23505"))) {
                return true;
            }
        }
        return false;
    }

    /** An admin's request to create an account. */
    public record NewAccount(String username, String role, String password) {
    }
}
