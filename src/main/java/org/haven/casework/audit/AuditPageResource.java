package org.haven.casework.audit;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.haven.casework.StaffPage;
import org.haven.casework.StaffPages;
import org.haven.casework.account.CurrentStaff;
import org.haven.web.HavenConfig;
import org.haven.web.Messages;

/** The admin's view of the audit log: newest entries and a fresh verification of the whole chain. */
@NonBlocking
@Path("/casework/admin/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPageResource {

    private static final int PAGE_SIZE = 100;

    private final AuditLog audit;
    private final CurrentStaff current;
    private final Messages messages;
    private final String organisation;

    public AuditPageResource(AuditLog audit, CurrentStaff current, Messages messages, HavenConfig config) {
        this.audit = audit;
        this.current = current;
        this.messages = messages;
        this.organisation = config.organisation().name();
    }

    @GET
    public Uni<TemplateInstance> page(@QueryParam("page") @DefaultValue("0") int page) {
        int safePage = Math.max(0, Math.min(page, 1_000_000));
        return audit.verify().chain(check -> audit.page(safePage, PAGE_SIZE).map(entries -> StaffPages.audit(
                new StaffPage(messages.staff(), organisation, current.get()), check, entries, safePage)));
    }
}
