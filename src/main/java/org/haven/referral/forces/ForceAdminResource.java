package org.haven.referral.forces;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.haven.casework.StaffPage;
import org.haven.casework.account.CurrentStaff;
import org.haven.referral.SigningKeyInfo;
import org.haven.web.HavenConfig;
import org.haven.web.Messages;

/**
 * The admin's force registry pages: every force with whether it can receive referrals, Haven's signing key for
 * forces to pin, and one force's settings (saved by forces.js through {@link ForceAdminApi}). Admin-only by
 * StaffGate ({@code /casework/admin}).
 */
@NonBlocking
@Path("/casework/admin/forces")
@Produces(MediaType.TEXT_HTML)
public class ForceAdminResource {

    private final CurrentStaff current;
    private final ForceRegistry registry;
    private final Instance<SigningKeyInfo> signingKey;
    private final Messages messages;
    private final String organisation;

    public ForceAdminResource(CurrentStaff current, ForceRegistry registry, Instance<SigningKeyInfo> signingKey,
            Messages messages, HavenConfig config) {
        this.current = current;
        this.registry = registry;
        this.signingKey = signingKey;
        this.messages = messages;
        this.organisation = config.organisation().name();
    }

    @GET
    public Uni<TemplateInstance> list() {
        return registry.all().map(forces -> ForcePages.list(page(), forces,
                forces.stream().filter(ForceRegistry.ForceView::canReceive).count(), signing()));
    }

    @GET
    @Path("{code}")
    public Uni<TemplateInstance> edit(@PathParam("code") String code) {
        return registry.one(code).chain(force -> registry.queuedForCurrentKey(code)
                .map(queued -> ForcePages.edit(page(), force, queued)));
    }

    private StaffPage page() {
        return new StaffPage(messages.staff(), organisation, current.get());
    }

    /** Until the outbox provides the signing key, the page says it is not configured rather than failing. */
    private ForcePages.SigningKey signing() {
        if (!signingKey.isResolvable()) {
            return null;
        }
        SigningKeyInfo info = signingKey.get();
        return new ForcePages.SigningKey(info.keyId(), info.publicKeyBase64Url());
    }
}
