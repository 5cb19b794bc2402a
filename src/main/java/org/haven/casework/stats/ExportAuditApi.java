package org.haven.casework.stats;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.haven.casework.account.CurrentStaff;
import org.haven.casework.audit.AuditAction;
import org.haven.casework.audit.AuditLog;

/**
 * Records in the audit chain that a staff member exported statistics. The export itself is made in their
 * browser; the server learns only that it happened, never what it held. Gated by StaffGate (CSRF header).
 */
@NonBlocking
@Path("/casework/api/audit/export")
public class ExportAuditApi {

    private final AuditLog audit;
    private final CurrentStaff current;

    public ExportAuditApi(AuditLog audit, CurrentStaff current) {
        this.audit = audit;
        this.current = current;
    }

    @POST
    public Uni<Response> exported() {
        return audit.append(current.get().username(), AuditAction.EXPORT, null)
                .replaceWith(Response.noContent().build());
    }
}
