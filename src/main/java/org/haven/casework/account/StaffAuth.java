package org.haven.casework.account;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.crypto.Base64Url;
import org.haven.crypto.PasswordHashing;
import org.haven.crypto.Totp;
import org.haven.web.HavenConfig;

/**
 * Staff sign-in: Argon2id password, then a mandatory second factor (TOTP or a one-time recovery code),
 * server-side sessions with an idle timeout and "sign out everywhere". Failures slow down, then lock the
 * account for a while, and look the same whether or not the user exists. Every failure also spends the global
 * {@link SignInBudget}, which pauses password steps for everyone once spent (guessing across many accounts).
 *
 * <p>Each step locks the account's row ({@code select ... for update}) for its transaction, so parallel
 * requests for one account take turns: a TOTP step or a recovery code is accepted once, and no failure is
 * lost to a concurrent one (parallel guessing still locks the account).
 */
@ApplicationScoped
public class StaffAuth {

    static final int RECOVERY_CODES = 10;
    private static final int MAX_TRACKED_UNKNOWN_NAMES = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StaffRepositories.Accounts accounts;
    private final StaffRepositories.Sessions sessions;
    private final StaffRepositories.Codes codes;
    private final Vertx vertx;
    private final org.haven.casework.audit.AuditLog audit;
    private final TotpSecrets totpSecrets;
    private final SignInBudget budget;
    private final HavenConfig.Staff settings;
    private final Clock clock = Clock.systemUTC();
    /** Failures against names that have no account, so their slow-down matches a real account's. */
    private final Map<String, Integer> unknownNameFailures = new ConcurrentHashMap<>();
    private volatile String dummyHash;
    private final Duration firstDelay;
    private final Duration maxDelay;

    public StaffAuth(StaffRepositories.Accounts accounts, StaffRepositories.Sessions sessions,
            StaffRepositories.Codes codes, Vertx vertx, org.haven.casework.audit.AuditLog audit,
            TotpSecrets totpSecrets, SignInBudget budget, HavenConfig config) {
        this.audit = audit;
        this.budget = budget;
        this.totpSecrets = totpSecrets;
        this.accounts = accounts;
        this.sessions = sessions;
        this.codes = codes;
        this.vertx = vertx;
        this.settings = config.staff();
        this.firstDelay = settings.firstFailureDelay();
        this.maxDelay = firstDelay.multipliedBy(16);
    }

    public static String normaliseUsername(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    @WithTransaction
    public Uni<SignInResult> password(String username, String password) {
        String name = normaliseUsername(username);
        String typed = password == null ? "" : password;
        return budget.spent().chain(spent -> spent
                ? Uni.createFrom().item(new SignInResult.Paused(budget.window()))
                : checkPassword(name, typed));
    }

    private Uni<SignInResult> checkPassword(String name, String typed) {
        // PostgreSQL refuses a NUL in text; no account can have one, so there is nothing to look up.
        Uni<StaffAccount> found = name.indexOf('\0') >= 0 ? Uni.createFrom().nullItem()
                : accounts.byUsernameLocked(name);
        return found.chain(account -> verifyOffLoop(typed, account).chain(correct -> {
            Instant now = clock.instant();
            if (account == null) {
                // Never the typed name: people type passwords into the name field.
                return audited("unknown", failedUnknown(unknownNameFailures.merge(name, 1, Integer::sum)));
            }
            if (!correct || isLocked(account, now) || !account.enabled) {
                return audited(account.username, registerFailure(account, now));
            }
            account.failedAttempts = 0;
            return newSession(account, StaffSession.PASSWORD_STAGE, now)
                    .map(cookie -> new SignInResult.PasswordAccepted(cookie, account.totpSecret == null));
        }));
    }

    /** The second factor for a half session: a TOTP code, or one of the account's recovery codes. */
    @WithTransaction
    public Uni<SignInResult> secondFactor(String cookie, String code) {
        Instant now = clock.instant();
        return halfSession(cookie, now).chain(session -> {
            if (session == null) {
                return Uni.createFrom().item(new SignInResult.Failed(firstDelay));
            }
            return accounts.findByIdLocked(session.accountId).chain(account -> {
                if (account == null || account.totpSecret == null || isLocked(account, now) || !account.enabled) {
                    return account == null ? Uni.createFrom().item(new SignInResult.Failed(firstDelay))
                            : audited(account.username, registerFailure(account, now));
                }
                OptionalLong step = Totp.verify(totpSecrets.open(account.id, account.totpSecret), code,
                        now.getEpochSecond(), account.totpLastStep);
                if (step.isPresent()) {
                    account.totpLastStep = step.getAsLong();
                    return promote(session, account, now).map(SignInResult.SignedIn::new);
                }
                return codes.findById(new RecoveryCode.Key(account.id, sha256(normaliseCode(code)))).chain(recovery -> {
                    if (recovery == null || recovery.usedAt != null) {
                        return audited(account.username, registerFailure(account, now));
                    }
                    recovery.usedAt = now;
                    return promote(session, account, now).map(SignInResult.SignedIn::new);
                });
            });
        });
    }

    /** The secret offered to a half-signed-in account that has no second factor yet (created once per session). */
    @WithTransaction
    public Uni<EnrolmentOffer> enrolmentOffer(String cookie) {
        Instant now = clock.instant();
        return halfSession(cookie, now).chain(session -> {
            if (session == null) {
                return Uni.createFrom().nullItem();
            }
            return accounts.findById(session.accountId).map(account -> {
                if (account == null || account.totpSecret != null) {
                    return null;
                }
                if (session.pendingTotpSecret == null) {
                    session.pendingTotpSecret = totpSecrets.seal(account.id, Totp.newSecret(RANDOM));
                }
                return new EnrolmentOffer(account.username, totpSecrets.open(account.id, session.pendingTotpSecret));
            });
        });
    }

    /** Confirms enrolment with a code from the new authenticator; issues the recovery codes. */
    @WithTransaction
    public Uni<SignInResult> confirmEnrolment(String cookie, String code) {
        Instant now = clock.instant();
        return halfSession(cookie, now).chain(session -> {
            if (session == null || session.pendingTotpSecret == null) {
                return Uni.createFrom().item(new SignInResult.Failed(firstDelay));
            }
            return accounts.findById(session.accountId).chain(account -> {
                OptionalLong step = account == null ? OptionalLong.empty()
                        : Totp.verify(totpSecrets.open(account.id, session.pendingTotpSecret), code,
                                now.getEpochSecond(), 0);
                if (account == null || account.totpSecret != null || step.isEmpty()) {
                    return Uni.createFrom().item(new SignInResult.Failed(firstDelay));
                }
                account.totpSecret = session.pendingTotpSecret;
                account.totpLastStep = step.getAsLong();
                List<String> plain = new ArrayList<>();
                List<RecoveryCode> rows = new ArrayList<>();
                for (int i = 0; i < RECOVERY_CODES; i++) {
                    String recovery = newRecoveryCode();
                    plain.add(recovery);
                    RecoveryCode row = new RecoveryCode();
                    row.key = new RecoveryCode.Key(account.id, sha256(normaliseCode(recovery)));
                    rows.add(row);
                }
                return codes.deleteForAccount(account.id)
                        .chain(() -> codes.persist(rows))
                        .chain(() -> promote(session, account, now))
                        .map(fresh -> new SignInResult.Enrolled(fresh, plain));
            });
        });
    }

    /** The principal behind a full session cookie, or null: unknown, half, idle too long, or signed out everywhere. */
    @WithTransaction
    public Uni<StaffPrincipal> authenticate(String cookie) {
        if (cookie == null || cookie.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        byte[] hash = sessionHash(cookie);
        return sessions.byHash(hash).chain(session -> {
            if (session == null || !StaffSession.FULL.equals(session.stage)) {
                return Uni.createFrom().nullItem();
            }
            if (session.lastSeen.plus(settings.idleTimeout()).isBefore(now)) {
                return sessions.delete(session).replaceWith((StaffPrincipal) null);
            }
            return accounts.findById(session.accountId).chain(account -> {
                if (account == null || !account.enabled || account.sessionEpoch != session.epoch) {
                    return sessions.delete(session).replaceWith((StaffPrincipal) null);
                }
                if (session.lastSeen.plusSeconds(30).isBefore(now)) {
                    session.lastSeen = now;
                }
                return Uni.createFrom().item(new StaffPrincipal(account.id, account.username, account.role,
                        session.csrfToken, hash));
            });
        });
    }

    @WithTransaction
    public Uni<Void> signOut(StaffPrincipal principal) {
        return sessions.deleteById(principal.sessionHash())
                .call(() -> audit.append(principal.username(), org.haven.casework.audit.AuditAction.SIGN_OUT, null))
                .replaceWithVoid();
    }

    /** Ends every session of the account, in every browser, including this one. */
    @WithTransaction
    public Uni<Void> signOutEverywhere(StaffPrincipal principal) {
        return accounts.findById(principal.accountId()).chain(account -> {
            account.sessionEpoch++;
            return sessions.deleteForAccount(account.id)
                    .call(() -> audit.append(principal.username(), org.haven.casework.audit.AuditAction.SIGN_OUT, null))
                    .replaceWithVoid();
        });
    }

    /** Seals a second-factor secret for storage with this account (dev seeding and tests set known secrets). */
    public byte[] sealTotpSecret(UUID accountId, byte[] secret) {
        return totpSecrets.seal(accountId, secret);
    }

    /** Creates an account; the person sets up their second factor at first sign-in. */
    @WithTransaction
    public Uni<StaffAccount> createAccount(String username, String role, String password) {
        return hashOffLoop(password).chain(hash -> {
            StaffAccount account = new StaffAccount();
            account.id = UUID.randomUUID();
            account.username = normaliseUsername(username);
            account.role = role;
            account.passwordHash = hash;
            account.enabled = true;
            account.createdAt = clock.instant();
            return accounts.persist(account);
        });
    }

    private Uni<StaffSession> halfSession(String cookie, Instant now) {
        if (cookie == null || cookie.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return sessions.byHash(sessionHash(cookie)).map(session -> session != null
                && StaffSession.PASSWORD_STAGE.equals(session.stage)
                && session.createdAt.plus(settings.secondFactorWindow()).isAfter(now) ? session : null);
    }

    private Uni<String> promote(StaffSession half, StaffAccount account, Instant now) {
        account.failedAttempts = 0;
        return sessions.delete(half).chain(() -> newSession(account, StaffSession.FULL, now))
                .call(() -> audit.append(account.username, org.haven.casework.audit.AuditAction.SIGN_IN, null));
    }

    private Uni<SignInResult> audited(String actor, SignInResult failure) {
        return budget.spend()
                .chain(() -> audit.append(actor, org.haven.casework.audit.AuditAction.SIGN_IN_FAILED, null))
                .replaceWith(failure);
    }

    private Uni<String> newSession(StaffAccount account, String stage, Instant now) {
        String cookie = randomToken();
        StaffSession session = new StaffSession();
        session.idHash = sessionHash(cookie);
        session.accountId = account.id;
        session.stage = stage;
        session.csrfToken = randomToken();
        session.epoch = account.sessionEpoch;
        session.createdAt = now;
        session.lastSeen = now;
        return sessions.persist(session).replaceWith(cookie);
    }

    private SignInResult registerFailure(StaffAccount account, Instant now) {
        if (!isLocked(account, now)) {
            account.failedAttempts++;
            if (account.failedAttempts >= settings.lockAfterFailures()) {
                account.lockedUntil = now.plus(settings.lockFor());
                account.failedAttempts = 0;
                return new SignInResult.Failed(maxDelay);
            }
        }
        return new SignInResult.Failed(delayAfter(firstDelay, Math.max(1, account.failedAttempts)));
    }

    private SignInResult failedUnknown(int failures) {
        if (unknownNameFailures.size() > MAX_TRACKED_UNKNOWN_NAMES) {
            unknownNameFailures.clear();
        }
        int cycle = (failures - 1) % settings.lockAfterFailures() + 1;
        return new SignInResult.Failed(cycle == settings.lockAfterFailures() ? maxDelay : delayAfter(firstDelay, cycle));
    }

    static Duration delayAfter(Duration first, int failures) {
        return StaffAuthDelays.after(first, failures);
    }

    private static boolean isLocked(StaffAccount account, Instant now) {
        return account.lockedUntil != null && account.lockedUntil.isAfter(now);
    }

    /** Argon2id takes a few hundred milliseconds of CPU; unknown names cost the same as known ones. */
    private Uni<Boolean> verifyOffLoop(String password, StaffAccount account) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            if (account == null) {
                PasswordHashing.verify(password, dummyHash());
                return false;
            }
            return PasswordHashing.verify(password, account.passwordHash);
        }));
    }

    private Uni<String> hashOffLoop(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> PasswordHashing.hash(password)));
    }

    private String dummyHash() {
        if (dummyHash == null) {
            dummyHash = PasswordHashing.hash(randomToken());
        }
        return dummyHash;
    }

    static byte[] sessionHash(String cookie) {
        return sha256(cookie);
    }

    static String normaliseCode(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    private static String newRecoveryCode() {
        String raw = Totp.base32(randomBytes(5)).toLowerCase(Locale.ROOT) + Totp.base32(randomBytes(5))
                .toLowerCase(Locale.ROOT);
        return raw.substring(0, 8) + "-" + raw.substring(8, 16);
    }

    private static String randomToken() {
        return Base64Url.encode(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the enrolment page shows: the secret to type or import into an authenticator app. */
    public record EnrolmentOffer(String username, byte[] secret) {

        public String base32() {
            return Totp.base32(secret);
        }
    }
}
