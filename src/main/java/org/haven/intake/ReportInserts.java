package org.haven.intake;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.haven.intake.attachment.AttachmentBinding;
import org.haven.web.HavenConfig;

/**
 * The submission hot path in one statement: insert the sealed report, let the unique index on the
 * submission key recognise a resend and the foreign key on the intake key id refuse an unknown key. One
 * round trip, autocommitted, so the report is durable when the reporter is shown the receipt. Measured
 * (bench/RESULTS.md) against the earlier Hibernate Reactive path, which spent most of its time in session
 * bookkeeping rather than in PostgreSQL.
 */
@ApplicationScoped
public class ReportInserts {

    private static final String INSERT = "insert into report (id, submission_key_hash, token_hash, intake_kid, "
            + "envelope, mailbox_public_key, mailbox_wrapped_key, received_hour, status, consent, expires_on) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $10) "
            + "on conflict (submission_key_hash) do nothing returning id";
    private static final String EXISTING = "select id, token_hash from report where submission_key_hash = $1";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final Pool pool;
    private final ReceiptTokens tokens;
    private final AttachmentBinding attachments;
    private final int retentionDays;
    private final Clock clock = Clock.systemUTC();

    public ReportInserts(Pool pool, ReceiptTokens tokens, AttachmentBinding attachments, HavenConfig config) {
        this.pool = pool;
        this.tokens = tokens;
        this.attachments = attachments;
        this.retentionDays = config.intake().retentionDays();
    }

    public Uni<SubmitOutcome> insert(SealedReport sealed) {
        byte[] submissionKeyHash = IntakeService.sha256(sealed.submissionKey());
        byte[] tokenHash = tokens.hash(sealed.token());
        Instant now = clock.instant();
        Tuple values = Tuple.tuple()
                .addUUID(UUID.randomUUID())
                .addValue(io.vertx.mutiny.core.buffer.Buffer.buffer(submissionKeyHash).getDelegate())
                .addValue(io.vertx.mutiny.core.buffer.Buffer.buffer(tokenHash).getDelegate())
                .addString(sealed.envelope().kid())
                .addString(sealed.envelope().toJson())
                .addValue(io.vertx.mutiny.core.buffer.Buffer.buffer(sealed.mailboxPublicKey()).getDelegate())
                .addString(sealed.mailboxWrappedKey())
                .addOffsetDateTime(OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC))
                .addString(sealed.consent().code())
                .addLocalDate(LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(retentionDays));
        Uni<UUID> inserted = sealed.attachments().isEmpty()
                ? pool.preparedQuery(INSERT).execute(values).map(ReportInserts::insertedId)
                : insertWithAttachments(sealed, values);
        return inserted
                .chain(id -> id != null
                        ? Uni.createFrom().<SubmitOutcome>item(new SubmitOutcome.Stored(id))
                        : resend(submissionKeyHash, tokenHash))
                .onFailure(PgException.class).recoverWithUni(failure -> refused((PgException) failure,
                        submissionKeyHash, tokenHash));
    }

    /**
     * The report and the binding of its uploads in one transaction: a refused upload leaves no report, and a
     * stored report has all its files. A resend (nothing inserted) binds nothing: its files came with the first send.
     */
    private Uni<UUID> insertWithAttachments(SealedReport sealed, Tuple values) {
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).execute(values).map(ReportInserts::insertedId)
                .call(id -> id == null ? Uni.createFrom().voidItem()
                        : attachments.bind(conn, sealed.attachments(), sealed.envelope().kid(), id, null)));
    }

    private static UUID insertedId(RowSet<Row> rows) {
        return rows.size() == 1 ? rows.iterator().next().getUUID(0) : null;
    }

    /** The key was used before: the same reporter resending (same token), or someone reusing it. */
    private Uni<SubmitOutcome> resend(byte[] submissionKeyHash, byte[] tokenHash) {
        return pool.preparedQuery(EXISTING)
                .execute(Tuple.of(io.vertx.mutiny.core.buffer.Buffer.buffer(submissionKeyHash).getDelegate()))
                .map(ReportInserts::firstRow)
                .map(row -> row != null && Arrays.equals(row.getBuffer("token_hash").getBytes(), tokenHash)
                        ? new SubmitOutcome.AlreadyStored(row.getUUID("id"))
                        : new SubmitOutcome.KeyReused());
    }

    private Uni<SubmitOutcome> refused(PgException failure, byte[] submissionKeyHash, byte[] tokenHash) {
        if (FOREIGN_KEY_VIOLATION.equals(failure.getSqlState())) {
            return Uni.createFrom().item(new SubmitOutcome.UnknownIntakeKey());
        }
        if (UNIQUE_VIOLATION.equals(failure.getSqlState())) {
            // ON CONFLICT covers only the submission-key index. Two identical resends racing each other can
            // instead collide on the token index while the first is still uncommitted; look again, now that
            // it has committed. A token that belongs to a different submission is a reused receipt.
            return resend(submissionKeyHash, tokenHash);
        }
        return Uni.createFrom().failure(failure);
    }

    private static Row firstRow(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
