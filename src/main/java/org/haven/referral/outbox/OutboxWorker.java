package org.haven.referral.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.haven.casework.audit.AuditAction;
import org.haven.casework.audit.AuditLog;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Purpose;
import org.haven.web.HavenConfig;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox. Every second (on every replica) it claims a batch of due rows with
 * {@code FOR UPDATE SKIP LOCKED}, leases them, sends them all at once, and records every answer in one
 * transaction; it repeats while full batches come back. A replica that dies mid-batch leaves leased rows that
 * come due again when the lease ends; the force drops the resent duplicate by its Idempotency-Key.
 *
 * <p>Failures back off exponentially from {@code first-retry} to {@code max-retry}, each delay drawn between
 * half and all of its nominal value (jitter), until the referral is older than {@code give-up-after}: then it
 * is dead, audited, and shown on its case. When a force answers again, its other waiting referrals are made
 * due at once rather than each waiting out its own backoff.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);

    /** The worker's name in the audit log (never a person). */
    public static final String ACTOR = "outbox";
    private static final int FILE_DELIVERIES_AT_ONCE = 2;

    private static final String CLAIM = """
            with due as (
                select referral_id from referral_outbox
                 where next_attempt_at <= now() and (lease_until is null or lease_until < now())
                 order by next_attempt_at
                 limit $1
                 for update skip locked)
            update referral_outbox o
               set lease_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
              from due
              join referral r on r.id = due.referral_id
              join police_force f on f.code = r.force_code
              left join report p on p.id = r.report_id
              left join intake_key k on k.kid = p.intake_kid
             where o.referral_id = due.referral_id
            returning o.referral_id, o.body, o.force_kid, o.attempts, o.queued_at, r.force_code, f.enabled,
                      f.endpoint_url, f.key_id, r.report_id, p.consent, p.mailbox_public_key, p.intake_kid,
                      k.public_key as intake_public_key,
                      (select count(*)::int from referral_file rf where rf.referral_id = o.referral_id) as files
            """;

    private static final String DONE = "delete from referral_outbox where referral_id = $1";
    private static final String DELIVERED = "update referral set state = 'delivered', finished_at = now(), "
            + "last_error = null, force_reference = $2 where id = $1";
    private static final String REPORT_REFERRED = "update report set status = 'referred' where id = $1 and status <> 'closed'";
    private static final String TELL_REPORTER = "insert into mailbox_message (id, report_id, sender, envelope, sender_copy, sent_hour) "
            + "select $1, $2, 'haven', $3, $4, date_trunc('hour', now()) where exists (select 1 from report where id = $2)";
    private static final String FORCE_IS_BACK = """
            update referral_outbox o set next_attempt_at = now()
              from referral r
             where r.id = o.referral_id and r.force_code = any($1)
               and o.next_attempt_at > now() and o.next_attempt_at <> 'infinity' and o.lease_until is null
            """;
    private static final String RETRY_LATER = "update referral_outbox set lease_until = null, next_attempt_at = $2 "
            + "where referral_id = $1";
    private static final String NOTE_ERROR = "update referral set last_error = $2 where id = $1";
    private static final String GIVE_UP = "update referral_outbox set lease_until = null, next_attempt_at = 'infinity' "
            + "where referral_id = $1";
    private static final String DEAD = "update referral set state = 'dead', finished_at = now(), last_error = $2 "
            + "where id = $1 and state = 'queued'";
    private static final String CANCELLED = "update referral set state = 'cancelled', finished_at = now(), "
            + "last_error = $2 where id = $1 and state = 'queued'";

    private final Pool pool;
    private final ForceClient forces;
    private final OutboxFiles files;
    private final AuditLog audit;
    private final HavenConfig.Referral config;
    private final Clock clock = Clock.systemUTC();

    public OutboxWorker(Pool pool, ForceClient forces, OutboxFiles files, AuditLog audit, HavenConfig config) {
        this.pool = pool;
        this.forces = forces;
        this.files = files;
        this.audit = audit;
        this.config = config.referral();
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> everySecond() {
        if (!config.deliver()) {
            return Uni.createFrom().voidItem();
        }
        return drain().onFailure().invoke(e -> LOG.warnf("Outbox run failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Delivers batches until a batch comes back short; returns how many rows were attempted. */
    public Uni<Integer> drain() {
        return batch().chain(count -> count < config.batchSize() ? Uni.createFrom().item(count)
                : drain().map(more -> count + more));
    }

    /** Claims one batch, attempts every row in it at once, records the results; the number attempted. */
    public Uni<Integer> batch() {
        Tuple claim = Tuple.of(config.batchSize(), config.lease().toMillis() / 1000.0);
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM).execute(claim))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(Claimed.of(row)));
                    return claimed;
                })
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
                    Uni<List<Attempt>> attempted = attemptAll(claimed);
                    if (context != null) {
                        // Recording needs the Vert.x context it started on (Hibernate Reactive for the audit).
                        attempted = attempted.emitOn(task -> context.runOnContext(ignored -> task.run()));
                    }
                    return attempted.chain(this::record).replaceWith(claimed.size());
                });
    }

    /**
     * Referrals without files all at once; those with files (up to 20 MiB each, held in memory while sent) two at
     * a time, so a batch full of them needs about 45 MiB, not batch-size times that.
     */
    private Uni<List<Attempt>> attemptAll(List<Claimed> claimed) {
        List<Claimed> plain = claimed.stream().filter(c -> c.files() == 0).toList();
        List<Claimed> withFiles = claimed.stream().filter(c -> c.files() > 0).toList();
        return Uni.combine().all().unis(attemptAll(plain, plain.size()), attemptAll(withFiles, FILE_DELIVERIES_AT_ONCE))
                .with((first, second) -> {
                    List<Attempt> all = new ArrayList<>(first);
                    all.addAll(second);
                    return all;
                });
    }

    private Uni<List<Attempt>> attemptAll(List<Claimed> claimed, int atOnce) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(claimed)
                .onItem().transformToUni(this::attempt).merge(atOnce)
                .collect().asList();
    }

    private Uni<Attempt> attempt(Claimed claimed) {
        if (claimed.reportId() == null || !"police".equals(claimed.consent())) {
            return Uni.createFrom().item(Attempt.cancelled(claimed));
        }
        if (!claimed.forceKid().equals(claimed.forceKeyId())) {
            // Sealed to a key the force no longer has: no retry can ever be opened.
            return Uni.createFrom().item(Attempt.impossible(claimed, "force-key-changed"));
        }
        if (!claimed.forceEnabled() || claimed.endpointUrl() == null) {
            return Uni.createFrom().item(Attempt.failed(claimed, "force-disabled"));
        }
        Uni<Attempt> delivered = claimed.files() == 0 ? forces.deliver(claimed)
                : files.payload(claimed).chain(payload -> payload.isEmpty()
                        // A file sealed to a key the force no longer has, or incomplete: no retry can succeed.
                        ? Uni.createFrom().item(Attempt.impossible(claimed, "files-unavailable"))
                        : forces.deliver(claimed, payload.get()));
        return delivered.chain(attempt -> attempt.kind() != Attempt.Kind.DELIVERED
                ? Uni.createFrom().item(attempt)
                // Two HPKE seals (about 1 ms of CPU): on a worker thread, so the batch's seals run in parallel and
                // the event loop keeps serving the other deliveries.
                : Uni.createFrom().item(() -> attempt.withNotice(notice(claimed, attempt.forceReference())))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private Uni<Void> record(List<Attempt> attempts) {
        List<Tuple> done = new ArrayList<>();
        List<Tuple> delivered = new ArrayList<>();
        List<Tuple> referred = new ArrayList<>();
        List<Tuple> told = new ArrayList<>();
        List<String> forcesBack = new ArrayList<>();
        List<Tuple> retry = new ArrayList<>();
        List<Tuple> errors = new ArrayList<>();
        List<Tuple> giveUp = new ArrayList<>();
        List<Tuple> dead = new ArrayList<>();
        List<Tuple> cancelled = new ArrayList<>();
        List<UUID> deadReports = new ArrayList<>();
        Instant now = clock.instant();
        for (Attempt attempt : attempts) {
            Claimed c = attempt.claimed();
            switch (attempt.kind()) {
                case DELIVERED -> {
                    done.add(Tuple.of(c.referralId()));
                    Optional<Attempt.Notice> message = attempt.notice();
                    delivered.add(Tuple.of(c.referralId(), message.map(Attempt.Notice::copy).orElse(null)));
                    referred.add(Tuple.of(c.reportId()));
                    message.ifPresent(m -> told.add(Tuple.of(UUID.randomUUID(), c.reportId(), m.envelope(), m.copy())));
                    if (!forcesBack.contains(c.forceCode())) {
                        forcesBack.add(c.forceCode());
                    }
                }
                case CANCELLED -> {
                    done.add(Tuple.of(c.referralId()));
                    cancelled.add(Tuple.of(c.referralId(), attempt.error()));
                }
                case FAILED -> {
                    if (Duration.between(c.queuedAt(), now).compareTo(config.giveUpAfter()) >= 0) {
                        giveUp.add(Tuple.of(c.referralId()));
                        dead.add(Tuple.of(c.referralId(), attempt.error()));
                        deadReports.add(c.reportId());
                    } else {
                        retry.add(Tuple.of(c.referralId(), OffsetDateTime.ofInstant(now.plus(backoff(c.attempts())), ZoneOffset.UTC)));
                        errors.add(Tuple.of(c.referralId(), attempt.error()));
                    }
                }
                case IMPOSSIBLE -> {
                    giveUp.add(Tuple.of(c.referralId()));
                    dead.add(Tuple.of(c.referralId(), attempt.error()));
                    deadReports.add(c.reportId());
                }
            }
        }
        return pool.withTransaction(connection -> run(connection, DONE, done)
                .chain(() -> run(connection, DELIVERED, delivered))
                .chain(() -> run(connection, REPORT_REFERRED, referred))
                .chain(() -> run(connection, TELL_REPORTER, told))
                .chain(() -> run(connection, CANCELLED, cancelled))
                .chain(() -> run(connection, RETRY_LATER, retry))
                .chain(() -> run(connection, NOTE_ERROR, errors))
                .chain(() -> run(connection, GIVE_UP, giveUp))
                .chain(() -> run(connection, DEAD, dead))
                .chain(() -> forcesBack.isEmpty() ? Uni.createFrom().voidItem()
                        : connection.preparedQuery(FORCE_IS_BACK).execute(Tuple.of(forcesBack.toArray(String[]::new)))
                                .replaceWithVoid()))
                .chain(() -> auditDead(deadReports));
    }

    private static Uni<Void> run(SqlConnection connection, String sql, List<Tuple> batch) {
        return batch.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(sql).executeBatch(batch).replaceWithVoid();
    }

    /** Dead referrals go into the audit log, one entry each, after their state is committed. */
    private Uni<Void> auditDead(List<UUID> reports) {
        if (reports.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(reports)
                .onItem().transformToUniAndConcatenate(reportId -> Panache.withTransaction(
                        () -> audit.append(ACTOR, AuditAction.REFERRAL_DEAD, reportId)))
                .collect().last().replaceWithVoid();
    }

    /** The reporter's "passed to police" message, sealed to their mailbox key, and its copy for caseworkers. */
    static Optional<Attempt.Notice> notice(Claimed c, Optional<String> forceReference) {
        if (c.mailboxPublicKey() == null || c.intakePublicKey() == null) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.node.ObjectNode plaintext = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("schema", "haven.police/1").put("force", c.forceCode());
        forceReference.ifPresentOrElse(r -> plaintext.put("reference", r), () -> plaintext.putNull("reference"));
        byte[] bytes = plaintext.toString().getBytes(StandardCharsets.UTF_8);
        return Optional.of(new Attempt.Notice(Envelopes.seal(Purpose.REPLY, "mailbox", c.mailboxPublicKey(), bytes).toJson(),
                Envelopes.seal(Purpose.REPLY, c.intakeKid(), c.intakePublicKey(), bytes).toJson()));
    }

    /** The delay before attempt {@code attempts + 1}: doubling from first-retry, capped, with jitter. */
    Duration backoff(int attempts) {
        long first = config.firstRetry().toMillis();
        long cap = config.maxRetry().toMillis();
        long nominal = first;
        for (int i = 1; i < attempts && nominal < cap; i++) {
            nominal *= 2;
        }
        nominal = Math.min(nominal, cap);
        return Duration.ofMillis(nominal / 2 + ThreadLocalRandom.current().nextLong(nominal / 2 + 1));
    }
}
