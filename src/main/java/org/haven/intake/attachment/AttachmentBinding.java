package org.haven.intake.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.web.Problem;

/**
 * Binds uploads to the report or message they were sent with, inside the caller's transaction (docs/attachments.md
 * section 8): every named upload must exist with its token, be unbound, sealed to the submission's key, within
 * the count and size limits, and complete; otherwise a coded problem rolls the whole submission back.
 */
@ApplicationScoped
public class AttachmentBinding {

    // Locked, so an upload is bound once even when two submissions name it at the same moment.
    private static final String CANDIDATES = "select a.id, a.kid, a.chunk_count, a.token_hash, a.report_id, "
            + "(select count(*) from attachment_chunk c where c.attachment_id = a.id) as stored "
            + "from attachment a where a.id = any($1) for update";
    private static final String BIND = "update attachment set report_id = $1, message_id = $2, "
            + "position = array_position($3, id) - 1 where id = any($3)";

    private final AttachmentUploads uploads;
    private final AttachmentLimits limits;

    public AttachmentBinding(AttachmentUploads uploads, AttachmentLimits limits) {
        this.uploads = uploads;
        this.limits = limits;
    }

    /**
     * Binds {@code claims} to the report (and message, if not null), in their order.
     *
     * @param kid the key id of the submission's envelope; every upload must be sealed to the same key
     */
    public Uni<Void> bind(SqlConnection conn, List<AttachmentClaim> claims, String kid, UUID reportId, UUID messageId) {
        if (claims.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (claims.size() > limits.maxFiles()) {
            return Uni.createFrom().failure(tooMany());
        }
        UUID[] ids = claims.stream().map(AttachmentClaim::id).toArray(UUID[]::new);
        return conn.preparedQuery(CANDIDATES).execute(Tuple.of(ids)).chain(rows -> {
            Map<UUID, Row> byId = new HashMap<>();
            for (Row row : rows) {
                byId.put(row.getUUID("id"), row);
            }
            long dataChunks = 0;
            for (AttachmentClaim claim : claims) {
                Row row = byId.get(claim.id());
                if (row == null || !Arrays.equals(row.getBuffer("token_hash").getBytes(), uploads.hash(claim.token()))) {
                    throw refused(422, "attachment-not-found", claim, "No upload matches this id and token.");
                }
                if (row.getUUID("report_id") != null) {
                    throw refused(409, "attachment-bound", claim, "This file was already sent with a report or message.");
                }
                if (!kid.equals(row.getString("kid"))) {
                    throw refused(422, "attachment-key-mismatch", claim,
                            "This file is sealed to a different key than the report or message.");
                }
                dataChunks += row.getInteger("chunk_count") - 1;
            }
            if (dataChunks > limits.maxReportChunks()) {
                throw Problem.coded(413, "attachments-too-large", "Too large",
                        "Together the files are larger than this service accepts.");
            }
            for (AttachmentClaim claim : claims) {
                Row row = byId.get(claim.id());
                if (row.getLong("stored") != row.getInteger("chunk_count").longValue()) {
                    throw refused(422, "attachment-incomplete", claim, "Not every part of this file has arrived.");
                }
            }
            return conn.preparedQuery(BIND).execute(Tuple.of(reportId, messageId, ids)).replaceWithVoid();
        });
    }

    static Problem tooMany() {
        return Problem.coded(413, "too-many-attachments", "Too many files", "Too many files for one report or message.");
    }

    private static Problem refused(int status, String code, AttachmentClaim claim, String detail) {
        return Problem.coded(status, code, status == 409 ? "Conflict" : "Attachment refused", detail)
                .with("attachment", claim.id().toString());
    }
}
