package org.haven.referral;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.haven.crypto.AttachmentFormat;
import org.haven.referral.document.ReferralRequestBody;
import org.haven.web.Problem;
import org.jboss.logging.Logger;

/**
 * Case files sealed again by a caseworker's browser to a force's key, to travel with a referral (docs/referral.md
 * section 7). Uploaded chunk by chunk before the referral is proposed; {@link #inspect} and {@link #bind} then
 * tie them to the referral in the proposal's own transaction. The server never sees a file's name, type or
 * content: the type the document lists is the caseworker's browser's word, which the force checks on opening.
 */
@ApplicationScoped
public class ReferralFiles {

    /** Files per referral. */
    public static final int MAX_FILES = ReferralRequestBody.MAX_FILES;
    /** Data chunks over all of a referral's files: 80 x 256 KiB = 20 MiB of file (about 20 MiB sealed). */
    public static final int MAX_DATA_CHUNKS = ReferralRequestBody.MAX_DATA_CHUNKS;
    /** The types the caseworker's cleaner writes; nothing else may be sent to police. */
    public static final Set<String> TYPES = Set.of("image/jpeg", "image/png");

    private static final Logger LOG = Logger.getLogger(ReferralFiles.class);
    private static final Duration UNBOUND_LIFETIME = Duration.ofHours(24);
    private static final String REPORT = "select 1 from report where id = $1";
    private static final String FORCE_KEY = "select 1 from police_force where key_id = $1 and enabled";
    private static final String INSERT = "insert into referral_file (id, report_id, force_kid, enc, chunk_count, "
            + "created_hour) values ($1, $2, $3, $4, $5, $6)";
    private static final String FIND = "select chunk_count from referral_file where id = $1 and report_id = $2 "
            + "and referral_id is null";
    private static final String PUT = "insert into referral_file_chunk (file_id, chunk_index, body) values ($1, $2, $3) "
            + "on conflict do nothing returning 1";
    private static final String STORED = "select body from referral_file_chunk where file_id = $1 and chunk_index = $2";
    private static final String PURGE = "delete from referral_file where referral_id is null and created_hour < $1";
    // In the proposal's transaction: what the server knows of an unbound file, and the SHA-256 of its sealed bytes
    // computed where they are (at most 20 MiB), so they never pass through Haven's memory to be hashed.
    private static final String INSPECT = "select f.force_kid, f.chunk_count, count(c.chunk_index), "
            + "encode(sha256(coalesce(string_agg(c.body, ''::bytea order by c.chunk_index), ''::bytea)), 'hex') "
            + "from referral_file f left join referral_file_chunk c on c.file_id = f.id "
            + "where f.id = :id and f.report_id = :report and f.referral_id is null group by f.id";
    private static final String BIND = "update referral_file set referral_id = :referral, position = :position, "
            + "sha256 = decode(:sha256, 'hex') where id = :id and referral_id is null";

    private static final String BOUND = "select force_kid, encode(sha256, 'hex') from referral_file "
            + "where referral_id = :referral order by position";

    private final Pool pool;
    private final Clock clock = Clock.systemUTC();

    public ReferralFiles(Pool pool) {
        this.pool = pool;
    }

    /** A file the caseworker asks to include, with the type their browser put in its sealed header. */
    public record Requested(UUID id, String type) {
    }

    /** A file ready to be listed in the document's {@code evidence}, in this order. */
    public record Evidence(UUID id, String type, String sha256) {
    }

    /** A new upload for {@code reportId}, sealed to the force key {@code forceKid}; its id. */
    public Uni<UUID> create(UUID reportId, String forceKid, byte[] enc, int chunks) {
        if (chunks - 1 > MAX_DATA_CHUNKS) {
            return Uni.createFrom().failure(Problem.coded(413, "file-too-large", "Too large",
                    "A referral carries at most " + MAX_DATA_CHUNKS + " chunks of files (20 MiB)."));
        }
        UUID id = UUID.randomUUID();
        return pool.preparedQuery(REPORT).execute(Tuple.of(reportId)).chain(report -> {
            if (report.size() == 0) {
                throw Problem.notFound();
            }
            return pool.preparedQuery(FORCE_KEY).execute(Tuple.of(forceKid));
        }).chain(force -> {
            if (force.size() == 0) {
                throw Problem.coded(422, "force-key-unknown", "Unknown key",
                        "No enabled force has this key; reload the referral page.");
            }
            return pool.preparedQuery(INSERT).execute(Tuple.tuple().addUUID(id).addUUID(reportId).addString(forceKid)
                    .addValue(Buffer.buffer(enc).getDelegate()).addInteger(chunks)
                    .addOffsetDateTime(OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.HOURS),
                            ZoneOffset.UTC)));
        }).replaceWith(id);
    }

    /** Stores chunk {@code index} of an unbound upload; the same bytes twice is fine, different bytes are refused. */
    public Uni<Void> put(UUID reportId, UUID id, int index, byte[] body) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id, reportId)).chain(rows -> {
            if (rows.size() == 0 || index < 0 || index >= rows.iterator().next().getInteger(0)) {
                throw Problem.notFound();
            }
            if (body == null || body.length != AttachmentFormat.sealedSize(index)) {
                throw Problem.coded(400, "wrong-size", "Bad request",
                        "Chunk " + index + " must be " + AttachmentFormat.sealedSize(index) + " bytes.");
            }
            return pool.preparedQuery(PUT).execute(Tuple.of(id, index, Buffer.buffer(body).getDelegate()));
        }).chain(rows -> rows.size() == 1 ? Uni.createFrom().voidItem()
                : pool.preparedQuery(STORED).execute(Tuple.of(id, index)).invoke(stored -> {
                    if (stored.size() == 0 || !Arrays.equals(body, stored.iterator().next().getBuffer(0).getBytes())) {
                        throw Problem.coded(409, "chunk-differs", "Conflict",
                                "Different bytes are already stored for chunk " + index + ".");
                    }
                }).replaceWithVoid());
    }

    /**
     * In the caller's transaction: each requested file is this report's, not yet in a referral, complete and
     * sealed to {@code forceKid}; together they keep to the limits. Refused with a problem naming the file.
     */
    public Uni<List<Evidence>> inspect(UUID reportId, String forceKid, List<Requested> files) {
        if (files.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int[] dataChunks = {0};
        return Multi.createFrom().iterable(files).onItem().transformToUniAndConcatenate(file -> Panache.getSession()
                .chain(session -> session.createNativeQuery(INSPECT, Object[].class)
                        .setParameter("id", file.id()).setParameter("report", reportId).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw refused(422, "file-not-found", file, "No such file waits to be sent with this case.");
                    }
                    Object[] row = rows.get(0);
                    int chunks = ((Number) row[1]).intValue();
                    if (((Number) row[2]).intValue() != chunks) {
                        throw refused(422, "file-incomplete", file, "Not every chunk of this file was uploaded.");
                    }
                    if (!forceKid.equals(row[0])) {
                        throw refused(409, "file-key-mismatch", file,
                                "This file is sealed to another force key; seal it again for this force.");
                    }
                    dataChunks[0] += chunks - 1;
                    if (dataChunks[0] > MAX_DATA_CHUNKS) {
                        throw refused(413, "files-too-large", file, "The files together are larger than 20 MiB.");
                    }
                    return new Evidence(file.id(), file.type(), (String) row[3]);
                }))
                .collect().asList();
    }

    /** In the caller's transaction, after the referral row is flushed: ties the inspected files to it. */
    public Uni<Void> bind(UUID referralId, List<Evidence> files) {
        return Multi.createFrom().range(0, files.size()).onItem().transformToUniAndConcatenate(position -> Panache
                .getSession().chain(session -> session.createNativeQuery(BIND)
                        .setParameter("referral", referralId).setParameter("position", position)
                        .setParameter("sha256", files.get(position).sha256()).setParameter("id", files.get(position).id())
                        .executeUpdate())
                .invoke(updated -> {
                    if (updated != 1) {
                        throw refused(409, "file-bound", new Requested(files.get(position).id(), null),
                                "This file was just included in another referral.");
                    }
                }))
                .collect().last().replaceWithVoid();
    }

    /**
     * Whether the referral's files are exactly those the document lists (their SHA-256 in order) and all sealed
     * to {@code forceKid}, the force's key now: an approval must not queue files the force cannot open.
     */
    public Uni<Boolean> sealedTo(UUID referralId, String forceKid, List<String> sha256s) {
        return Panache.getSession().chain(session -> session.createNativeQuery(BOUND, Object[].class)
                .setParameter("referral", referralId).getResultList())
                .map(rows -> rows.size() == sha256s.size() && rows.stream().allMatch(row -> forceKid.equals(row[0]))
                        && rows.stream().map(row -> (String) row[1]).toList().equals(sha256s));
    }

    /** Uploads never included in a referral go a day after they were made. */
    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeUnbound() {
        OffsetDateTime before = OffsetDateTime.ofInstant(clock.instant().minus(UNBOUND_LIFETIME).minusSeconds(3600),
                ZoneOffset.UTC);
        return pool.preparedQuery(PURGE).execute(Tuple.of(before)).invoke(rows -> {
            if (rows.rowCount() > 0) {
                LOG.infof("Purged %d referral files never sent", rows.rowCount());
            }
        }).replaceWithVoid();
    }

    private static Problem refused(int status, String code, Requested file, String detail) {
        return Problem.coded(status, code, "Referral file refused", detail).with("file", file.id().toString());
    }
}
