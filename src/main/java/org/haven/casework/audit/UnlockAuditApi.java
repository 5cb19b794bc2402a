package org.haven.casework.audit;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.haven.casework.account.CurrentStaff;

/**
 * Records that a staff member's browser unlocked their key. Unlocking happens in the browser, so this is what
 * the browser reports (staff-unlock.js, after a successful unwrap); the server cannot see it otherwise.
 */
@NonBlocking
@Path("/casework/api/audit/unlock")
public class UnlockAuditApi {

    private final AuditLog audit;
    private final CurrentStaff current;

    public UnlockAuditApi(AuditLog audit, CurrentStaff current) {
        this.audit = audit;
        this.current = current;
    }

    @POST
    public Uni<Response> unlocked() {
        return audit.append(current.get().username(), AuditAction.UNLOCK, null)
                .replaceWith(Response.noContent().build());
    }
}
