package org.haven.casework.account;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.haven.casework.StaffPage;
import org.haven.casework.StaffPages;
import org.haven.web.HavenConfig;
import org.haven.web.Messages;

/** The staff home page and the admin's account list. Gated by {@link StaffGate}. */
// Staff routes run on the event loop: the gate and the services use Hibernate Reactive there.
@NonBlocking
@Path("/casework")
@Produces(MediaType.TEXT_HTML)
public class StaffHomeResource {

    private final CurrentStaff current;
    private final Messages messages;
    private final StaffRepositories.Accounts accounts;
    private final String organisation;

    public StaffHomeResource(CurrentStaff current, Messages messages, StaffRepositories.Accounts accounts,
            HavenConfig config) {
        this.current = current;
        this.messages = messages;
        this.accounts = accounts;
        this.organisation = config.organisation().name();
    }

    @GET
    public TemplateInstance home() {
        return StaffPages.home(page());
    }

    @GET
    @Path("admin/accounts")
    public Uni<TemplateInstance> accounts() {
        Instant now = Instant.now();
        return Panache.withSession(() -> accounts.listAll()).map(list -> StaffPages.accounts(page(),
                list.stream().map(a -> StaffAccountView.of(a, now)).toList()));
    }

    private StaffPage page() {
        return new StaffPage(messages.staff(), organisation, current.get());
    }
}
