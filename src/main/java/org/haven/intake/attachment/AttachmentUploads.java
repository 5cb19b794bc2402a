package org.haven.intake.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.Base64Url;
import org.haven.crypto.KeyedHash;
import org.haven.intake.ReceiptTokens;
import org.haven.web.Problem;

/**
 * The reporter's side of uploads (docs/attachments.md section 7): create, put chunks in any order, status for
 * resuming, delete. An upload is found by id and the keyed hash of its token together, so a wrong token and an
 * unknown id look the same.
 */
@ApplicationScoped
public class AttachmentUploads {

    private static final int TOKEN_BYTES = 32;
    // One lock id for "create an upload": the pending budget is checked and spent under it on every replica.
    private static final long CREATE_LOCK = 0x6861_7665_6e41_7474L;
    private static final String ACTIVE_KEY = "select 1 from intake_key where kid = $1 and active";
    private static final String PENDING = "select coalesce(sum(" + AttachmentFormat.SEALED_HEADER_BYTES
            + " + (chunk_count - 1)::bigint * " + AttachmentFormat.SEALED_CHUNK_BYTES
            + "), 0) from attachment where report_id is null";
    private static final String INSERT = "insert into attachment (id, kid, enc, chunk_count, token_hash, created_hour) "
            + "values ($1, $2, $3, $4, $5, $6)";
    private static final String FIND = "select chunk_count, report_id is not null as bound from attachment "
            + "where id = $1 and token_hash = $2";
    private static final String PUT = "insert into attachment_chunk (attachment_id, chunk_index, body) "
            + "values ($1, $2, $3) on conflict do nothing returning 1";
    private static final String STORED_BODY = "select body from attachment_chunk where attachment_id = $1 and chunk_index = $2";
    private static final String STORED_INDEXES = "select chunk_index from attachment_chunk where attachment_id = $1";
    private static final String DELETE = "delete from attachment where id = $1 and token_hash = $2 and report_id is null";
    private static final String PURGE = "delete from attachment where report_id is null and created_hour < $1";

    private final Pool pool;
    private final AttachmentLimits limits;
    private final byte[] tokenKey;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    public AttachmentUploads(Pool pool, AttachmentLimits limits, ReceiptTokens tokens) {
        this.pool = pool;
        this.limits = limits;
        this.tokenKey = tokens.derive("attachment-upload-token");
    }

    /** A new upload: its id and the token that is its only key, shown once. */
    public record Created(UUID id, String token) {
    }

    /** What the reporter may learn of an upload: its chunk count, which chunks are missing, whether it is bound. */
    public record Status(int chunks, List<Integer> missing, boolean bound) {
    }

    public Uni<Created> create(String kid, byte[] enc, int chunks) {
        if (chunks - 1L > limits.maxFileChunks()) {
            return Uni.createFrom().failure(Problem.coded(413, "file-too-large", "Too large",
                    "The file is larger than this service accepts."));
        }
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        UUID id = UUID.randomUUID();
        long announced = AttachmentFormat.SEALED_HEADER_BYTES + (chunks - 1L) * AttachmentFormat.SEALED_CHUNK_BYTES;
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(CREATE_LOCK))
                .chain(() -> conn.preparedQuery(ACTIVE_KEY).execute(Tuple.of(kid)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw Problem.coded(422, "key-not-current", "Unknown key",
                                "The file is sealed to a key that is not the current intake key. Reload and try again.");
                    }
                    return conn.preparedQuery(PENDING).execute();
                })
                .chain(rows -> {
                    if (rows.iterator().next().getLong(0) + announced > limits.pendingBytes()) {
                        throw Problem.coded(503, "uploads-busy", "Busy",
                                "Too many uploads are waiting right now. Try again later.").with("retryAfter", "300");
                    }
                    return conn.preparedQuery(INSERT).execute(Tuple.tuple().addUUID(id).addString(kid)
                            .addValue(bytes(enc)).addInteger(chunks).addValue(bytes(hash(token)))
                            .addOffsetDateTime(OffsetDateTime.ofInstant(
                                    clock.instant().truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC)));
                }))
                .replaceWith(new Created(id, Base64Url.encode(token)));
    }

    /** Stores chunk {@code index}; the same bytes twice is fine, different bytes never replace stored ones. */
    public Uni<Void> put(UUID id, byte[] token, int index, byte[] body) {
        return find(id, token).chain(found -> {
            if (index < 0 || index >= found.chunks()) {
                throw notFound();
            }
            if (found.bound()) {
                throw alreadyBound();
            }
            if (body == null || body.length != AttachmentFormat.sealedSize(index)) {
                throw Problem.coded(400, "wrong-size", "Bad request", "Chunk " + index + " must be "
                        + AttachmentFormat.sealedSize(index) + " bytes.");
            }
            return pool.preparedQuery(PUT).execute(Tuple.of(id, index, bytes(body))).chain(rows -> rows.size() == 1
                    ? Uni.createFrom().voidItem()
                    : pool.preparedQuery(STORED_BODY).execute(Tuple.of(id, index)).invoke(stored -> {
                        if (stored.size() == 0 || !Arrays.equals(body,
                                stored.iterator().next().getBuffer("body").getBytes())) {
                            throw Problem.coded(409, "chunk-differs", "Conflict",
                                    "Different bytes are already stored for chunk " + index + ".");
                        }
                    }).replaceWithVoid());
        });
    }

    public Uni<Status> status(UUID id, byte[] token) {
        return find(id, token).chain(found -> pool.preparedQuery(STORED_INDEXES).execute(Tuple.of(id)).map(rows -> {
            boolean[] stored = new boolean[found.chunks()];
            for (Row row : rows) {
                stored[row.getInteger(0)] = true;
            }
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < stored.length; i++) {
                if (!stored[i]) {
                    missing.add(i);
                }
            }
            return new Status(found.chunks(), missing, found.bound());
        }));
    }

    public Uni<Void> delete(UUID id, byte[] token) {
        return find(id, token).chain(found -> {
            if (found.bound()) {
                throw alreadyBound();
            }
            return pool.preparedQuery(DELETE).execute(Tuple.of(id, bytes(hash(token)))).invoke(rows -> {
                if (rows.rowCount() == 0) {
                    throw alreadyBound(); // bound between the two statements
                }
            }).replaceWithVoid();
        });
    }

    /** Deletes uploads never bound, once their creation hour is more than the lifetime plus an hour ago. */
    public Uni<Integer> purgeUnbound() {
        OffsetDateTime before = OffsetDateTime.ofInstant(clock.instant().minus(limits.unboundLifetime()).minusSeconds(3600),
                ZoneOffset.UTC);
        return pool.preparedQuery(PURGE).execute(Tuple.of(before)).map(RowSet::rowCount);
    }

    /** The keyed hash stored instead of an upload token. */
    byte[] hash(byte[] token) {
        return KeyedHash.hmacSha256(tokenKey, token);
    }

    /** Decodes an upload token as sent; anything malformed matches nothing. */
    static byte[] token(String text) {
        if (text == null) {
            throw notFound();
        }
        try {
            byte[] token = Base64Url.decode(text);
            if (token.length != TOKEN_BYTES) {
                throw notFound();
            }
            return token;
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private record Found(int chunks, boolean bound) {
    }

    private Uni<Found> find(UUID id, byte[] token) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id, bytes(hash(token)))).map(rows -> {
            if (rows.size() == 0) {
                throw notFound();
            }
            Row row = rows.iterator().next();
            return new Found(row.getInteger("chunk_count"), row.getBoolean("bound"));
        });
    }

    static Problem notFound() {
        return Problem.coded(404, "not-found", "Not found", "Nothing matches this request.");
    }

    private static Problem alreadyBound() {
        return Problem.coded(409, "already-bound", "Conflict", "This file was already sent with a report or message.");
    }

    static io.vertx.core.buffer.Buffer bytes(byte[] value) {
        return Buffer.buffer(value).getDelegate();
    }
}
