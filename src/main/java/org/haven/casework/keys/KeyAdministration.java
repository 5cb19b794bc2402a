package org.haven.casework.keys;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.haven.casework.account.StaffPrincipal;
import org.haven.casework.audit.AuditAction;
import org.haven.casework.audit.AuditLog;
import org.haven.crypto.Base64Url;
import org.haven.intake.IntakeKey;
import org.haven.intake.IntakeKeyRepository;
import org.haven.web.Problem;

/**
 * The admin's key management, on the server's side: storing what the admin's browser made. Every private
 * key here arrives sealed (to a staff key or a recovery key), so the server learns who may read which intake
 * key, never the key.
 *
 * <p>Revoking has an honest limit: it deletes the caseworker's grants, so their browser can no longer fetch
 * the intake keys, but a caseworker who opened a grant before may have kept the intake private key (or the
 * reports). Revocation cannot take that back; rotating the intake key right after limits what they could read
 * to reports sent before the rotation.
 */
@ApplicationScoped
public class KeyAdministration {

    private final IntakeKeyRepository intakeKeys;
    private final KeyRepositories.StaffKeys staffKeys;
    private final KeyRepositories.Grants grants;
    private final KeyAdminRepositories.RecoveryKeys recoveryKeys;
    private final KeyAdminRepositories.RecoveryGrants recoveryGrants;
    private final KeyAdminRepositories.Accounts accounts;
    private final AuditLog audit;

    public KeyAdministration(IntakeKeyRepository intakeKeys, KeyRepositories.StaffKeys staffKeys,
            KeyRepositories.Grants grants, KeyAdminRepositories.RecoveryKeys recoveryKeys,
            KeyAdminRepositories.RecoveryGrants recoveryGrants, KeyAdminRepositories.Accounts accounts, AuditLog audit) {
        this.intakeKeys = intakeKeys;
        this.staffKeys = staffKeys;
        this.grants = grants;
        this.recoveryKeys = recoveryKeys;
        this.recoveryGrants = recoveryGrants;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** An intake key as the admin page lists it. */
    public record IntakeKeyView(String kid, String publicKey, boolean active, Instant createdAt) {
    }

    /** A staff account with a key: who it is, its public key, and which intake keys it holds. */
    public record AccountKeyView(UUID id, String username, String role, String publicKey, List<String> kids,
            boolean hasActiveGrant) {
    }

    /** An intake key sealed to a recovery key, for the admin's browser to open with the recovery file. */
    public record RecoveryGrantView(String kid, String recoveryId, String envelope) {
    }

    @WithSession
    public Uni<List<IntakeKeyView>> intakeKeys() {
        return intakeKeys.listAll().map(list -> list.stream()
                .sorted(Comparator.comparing((IntakeKey k) -> k.createdAt).reversed())
                .map(k -> new IntakeKeyView(k.kid, Base64Url.encode(k.publicKey), k.active, k.createdAt)).toList());
    }

    /** Every account that has a staff key (only those can be given access), by username. */
    @WithSession
    public Uni<List<AccountKeyView>> accountsWithKeys() {
        return intakeKeys.findActive().chain(active -> accounts.byUsername().chain(all -> staffKeys.listAll()
                .chain(keys -> grants.listAll().map(allGrants -> {
                    Map<UUID, StaffKey> keyOf = keys.stream().collect(Collectors.toMap(k -> k.accountId, k -> k));
                    Map<UUID, List<String>> kidsOf = allGrants.stream().collect(Collectors.groupingBy(
                            g -> g.key.accountId, Collectors.mapping(g -> g.key.kid, Collectors.toList())));
                    List<AccountKeyView> out = new ArrayList<>();
                    for (var account : all) {
                        StaffKey key = keyOf.get(account.id);
                        if (key == null) {
                            continue;
                        }
                        List<String> kids = kidsOf.getOrDefault(account.id, List.of()).stream().sorted().toList();
                        out.add(new AccountKeyView(account.id, account.username, account.role,
                                Base64Url.encode(key.publicKey), kids, active != null && kids.contains(active.kid)));
                    }
                    return out;
                }))));
    }

    @WithSession
    public Uni<List<RecoveryGrantView>> recoveryGrants() {
        return recoveryGrants.newestFirst().map(list -> list.stream()
                .map(g -> new RecoveryGrantView(g.key.kid, g.key.recoveryId, g.envelope)).toList());
    }

    /**
     * Stores a new intake key as the active one (the previous one stays, inactive, for the reports sealed to
     * it), its grant to the admin, its recovery key and the envelopes sealed to that recovery key, in one
     * transaction.
     */
    @WithTransaction
    public Uni<Void> createIntakeKey(StaffPrincipal admin, AdminKeyRequests.NewIntakeKey request) {
        Instant now = Instant.now();
        UUID adminId = admin.accountId();
        return staffKeys.findById(adminId).chain(mine -> {
            if (mine == null) {
                throw new Problem(409, "Conflict", "Set up your own key in the inbox first.");
            }
            return intakeKeys.findById(request.kid());
        }).chain(existing -> {
            if (existing != null) {
                throw new Problem(409, "Conflict", "An intake key with this kid exists.");
            }
            return requireIntakeKeys(request.olderRecoveryEnvelopes().stream().map(AdminKeyRequests.SealedKey::kid)
                    .collect(Collectors.toSet()));
        })
                // A bulk update runs at once, so the old key is inactive before the new one is inserted at flush
                // (the partial unique index allows one active key).
                .chain(() -> intakeKeys.update("active = false where active = true"))
                .chain(() -> {
                    IntakeKey key = new IntakeKey();
                    key.kid = request.kid();
                    key.publicKey = request.publicKey();
                    key.createdAt = now;
                    key.active = true;
                    return intakeKeys.persistAndFlush(key);
                })
                .chain(() -> {
                    RecoveryKey recovery = new RecoveryKey();
                    recovery.id = request.kid();
                    recovery.publicKey = request.recoveryPublicKey();
                    recovery.createdAt = now;
                    return recoveryKeys.persistAndFlush(recovery);
                })
                .chain(() -> {
                    List<RecoveryGrant> sealed = new ArrayList<>();
                    sealed.add(recoveryGrant(request.kid(), request.kid(), request.recoveryEnvelope(), now));
                    request.olderRecoveryEnvelopes()
                            .forEach(s -> sealed.add(recoveryGrant(s.kid(), request.kid(), s.envelope(), now)));
                    KeyGrant grant = new KeyGrant();
                    grant.key = new KeyGrant.Key(request.kid(), adminId);
                    grant.envelope = request.grantForMe();
                    grant.createdAt = now;
                    return recoveryGrants.persist(sealed).chain(() -> grants.persistAndFlush(grant));
                })
                .chain(() -> audit.append(admin.username(), AuditAction.ROTATE_KEY, null))
                .replaceWithVoid();
    }

    /**
     * Stores intake keys sealed to an account's staff key, replacing any earlier grant of the same intake key
     * (a re-grant after the account's key was reset, or after recovery).
     */
    @WithTransaction
    public Uni<Integer> grant(StaffPrincipal admin, AdminKeyRequests.NewGrants request) {
        Instant now = Instant.now();
        return accounts.findById(request.accountId()).chain(account -> {
            if (account == null) {
                throw Problem.notFound();
            }
            return staffKeys.findById(account.id);
        }).chain(key -> {
            if (key == null) {
                throw new Problem(409, "Conflict", "This account has no key yet: they set one up in the inbox.");
            }
            return requireIntakeKeys(request.grants().stream().map(AdminKeyRequests.SealedKey::kid)
                    .collect(Collectors.toSet()));
        }).chain(() -> storeGrants(request, now, 0))
                .call(() -> audit.append(admin.username(), AuditAction.GRANT, null))
                .replaceWith(request.grants().size());
    }

    private Uni<Void> storeGrants(AdminKeyRequests.NewGrants request, Instant now, int index) {
        if (index == request.grants().size()) {
            return Uni.createFrom().voidItem();
        }
        AdminKeyRequests.SealedKey sealed = request.grants().get(index);
        KeyGrant.Key id = new KeyGrant.Key(sealed.kid(), request.accountId());
        return grants.findById(id).chain(existing -> {
            KeyGrant grant = existing != null ? existing : new KeyGrant();
            grant.key = id;
            grant.envelope = sealed.envelope();
            grant.createdAt = now;
            return existing != null ? Uni.createFrom().voidItem() : grants.persist(grant).replaceWithVoid();
        }).chain(() -> storeGrants(request, now, index + 1));
    }

    /** Deletes every grant the account holds. See the class comment for what this cannot undo. */
    @WithTransaction
    public Uni<Long> revoke(StaffPrincipal admin, UUID accountId) {
        return accounts.findById(accountId).chain(account -> {
            if (account == null) {
                throw Problem.notFound();
            }
            return grants.delete("key.accountId", accountId);
        }).call(() -> audit.append(admin.username(), AuditAction.REVOKE, null));
    }

    /**
     * Deletes an account's staff key and its grants, so its owner can set a new key passphrase in the inbox
     * (a forgotten passphrase cannot be recovered) and be granted access again.
     */
    @WithTransaction
    public Uni<Void> resetStaffKey(StaffPrincipal admin, UUID accountId) {
        return accounts.findById(accountId).chain(account -> {
            if (account == null) {
                throw Problem.notFound();
            }
            return grants.delete("key.accountId", accountId);
        }).chain(() -> staffKeys.delete("accountId", accountId))
                .call(() -> audit.append(admin.username(), AuditAction.REVOKE, null))
                .replaceWithVoid();
    }

    private Uni<Void> requireIntakeKeys(Set<String> kids) {
        if (kids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return intakeKeys.count("kid in ?1", kids).invoke(found -> {
            if (found != kids.size()) {
                throw new Problem(404, "Not found", "No intake key has one of these kids.");
            }
        }).replaceWithVoid();
    }

    private static RecoveryGrant recoveryGrant(String kid, String recoveryId, String envelope, Instant now) {
        RecoveryGrant grant = new RecoveryGrant();
        grant.key = new RecoveryGrant.Key(kid, recoveryId);
        grant.envelope = envelope;
        grant.createdAt = now;
        return grant;
    }
}
