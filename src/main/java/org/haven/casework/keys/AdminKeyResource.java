package org.haven.casework.keys;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.haven.casework.StaffPage;
import org.haven.casework.StaffPages;
import org.haven.casework.account.CurrentStaff;
import org.haven.web.HavenConfig;
import org.haven.web.Messages;

/**
 * The admin's key page: intake key creation and rotation, granting, revoking and recovery, all done by
 * admin-keys.js in the admin's browser. Admin-only by StaffGate ({@code /casework/admin}).
 */
@NonBlocking
@Path("/casework/admin/keys")
@Produces(MediaType.TEXT_HTML)
public class AdminKeyResource {

    private final CurrentStaff current;
    private final Messages messages;
    private final String organisation;

    public AdminKeyResource(CurrentStaff current, Messages messages, HavenConfig config) {
        this.current = current;
        this.messages = messages;
        this.organisation = config.organisation().name();
    }

    @GET
    public TemplateInstance page() {
        return StaffPages.adminKeys(new StaffPage(messages.staff(), organisation, current.get()));
    }
}
