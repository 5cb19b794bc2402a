package org.haven.referral.forces;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.haven.casework.account.StaffPrincipal;
import org.haven.casework.audit.AuditAction;
import org.haven.casework.audit.AuditLog;
import org.haven.crypto.Base64Url;
import org.haven.referral.ForceTargets;
import org.haven.web.Problem;

/** Reading and changing the force registry; every change is in the audit log under the admin's name. */
@ApplicationScoped
public class ForceRegistry {

    private final PoliceForceRepository forces;
    private final AuditLog audit;

    public ForceRegistry(PoliceForceRepository forces, AuditLog audit) {
        this.forces = forces;
        this.audit = audit;
    }

    /** A force as the admin sees it. */
    public record ForceView(String code, String name, boolean enabled, String endpointUrl, String publicKey,
            String keyId, Instant updatedAt, boolean canReceive) {

        static ForceView of(PoliceForce force) {
            return new ForceView(force.code, force.name, force.enabled, force.endpointUrl,
                    force.publicKey == null ? null : Base64Url.encode(force.publicKey), force.keyId, force.updatedAt,
                    force.canReceive());
        }
    }

    /** A force as a caseworker picks it: no endpoint, no key. */
    public record ForceChoice(String code, String name, boolean canReceive) {
    }

    /**
     * A stored change. When the key changed, {@code queuedForOldKey} referrals in the outbox stay sealed to
     * {@code oldKeyId} and are delivered so: the force needs that key's private half to open them.
     */
    public record Saved(ForceView force, boolean changed, boolean keyChanged, String oldKeyId, long queuedForOldKey) {
    }

    @WithSession
    public Uni<List<ForceView>> all() {
        return forces.byName().map(list -> list.stream().map(ForceView::of).toList());
    }

    @WithSession
    public Uni<List<ForceChoice>> choices() {
        return forces.byName().map(list -> list.stream()
                .map(f -> new ForceChoice(f.code, f.name, f.canReceive())).toList());
    }

    /** One force, or a 404. */
    @WithSession
    /** The force with this code, or a 404; a malformed code (a NUL PostgreSQL would refuse) is not looked up. */
    Uni<PoliceForce> known(String code) {
        if (!ForceTargets.isCode(code)) {
            return Uni.createFrom().failure(Problem.notFound());
        }
        return forces.findById(code).onItem().ifNull().failWith(Problem::notFound);
    }

    public Uni<ForceView> one(String code) {
        return known(code).map(ForceView::of);
    }

    /** Referrals in the outbox for the force that are sealed to its current key (0 without a key). */
    @WithSession
    public Uni<Long> queuedForCurrentKey(String code) {
        return known(code)
                .chain(force -> force.keyId == null ? Uni.createFrom().item(0L)
                        : forces.queuedSealedTo(code, force.keyId));
    }

    /**
     * Stores checked settings for one force; a save that changes nothing is not audited. The audit detail names
     * the force and whether its key changed (never the endpoint or the key: the detail is a short code).
     */
    @WithTransaction
    public Uni<Saved> update(StaffPrincipal admin, String code, ForceForm.ForceSettings settings) {
        return known(code).chain(force -> {
            String oldKeyId = force.keyId;
            boolean keyChanged = oldKeyId != null && !Objects.equals(oldKeyId, settings.keyId());
            boolean changed = force.enabled != settings.enabled()
                    || !Objects.equals(force.endpointUrl, settings.endpointUrl())
                    || !Arrays.equals(force.publicKey, settings.publicKey());
            if (!changed) {
                return Uni.createFrom().item(new Saved(ForceView.of(force), false, false, null, 0));
            }
            force.enabled = settings.enabled();
            force.endpointUrl = settings.endpointUrl();
            force.publicKey = settings.publicKey();
            force.keyId = settings.keyId();
            force.updatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Uni<Long> queued = keyChanged ? forces.queuedSealedTo(code, oldKeyId) : Uni.createFrom().item(0L);
            return forces.flush()
                    .chain(() -> queued)
                    // Last in the transaction: the audit append holds its lock until the commit.
                    .call(() -> audit.append(admin.username(), AuditAction.FORCE_CHANGED, null,
                            "force=" + code + (keyChanged ? ",key-changed" : "")))
                    .map(count -> new Saved(ForceView.of(force), true, keyChanged, keyChanged ? oldKeyId : null, count));
        });
    }
}
