package org.haven.casework.stats;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.haven.casework.StaffPage;
import org.haven.casework.StaffPages;
import org.haven.casework.account.CurrentStaff;
import org.haven.casework.inbox.InboxResource;
import org.haven.web.HavenConfig;
import org.haven.web.Messages;

/**
 * The statistics page. It carries only labels; the browser unlocks the staff member's key, opens every
 * report it was granted and counts them there (stats.js).
 */
@NonBlocking
@Path("/casework/stats")
@Produces(MediaType.TEXT_HTML)
public class StatsResource {

    private final CurrentStaff current;
    private final Messages messages;
    private final String organisation;
    private final String labels;

    public StatsResource(CurrentStaff current, Messages messages, HavenConfig config) {
        this.current = current;
        this.messages = messages;
        this.organisation = config.organisation().name();
        this.labels = InboxResource.labelsJson(messages);
    }

    @GET
    public TemplateInstance stats() {
        return StaffPages.stats(new StaffPage(messages.staff(), organisation, current.get()), labels);
    }
}
