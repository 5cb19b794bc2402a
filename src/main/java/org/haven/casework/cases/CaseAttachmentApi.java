package org.haven.casework.cases;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.casework.account.CurrentStaff;
import org.haven.casework.audit.AuditAction;
import org.haven.casework.audit.AuditLog;
import org.haven.crypto.Base64Url;
import org.haven.web.Problem;

/**
 * A case's attachments, read only, for the caseworker's browser to open (docs/attachments.md section 9). The
 * server hands out ciphertext as stored; the browser's opener is what refuses a chunk that was moved.
 *
 * <p>Serving chunk 0 (the header: name, type, size) or chunk 1 (the first piece of content, which every
 * opening of the file needs) is a read of the file and goes into the audit chain, with the attachment id, before
 * the bytes leave: if the entry cannot be written, the chunk is not served. Later chunks are not recorded one
 * by one; an entry per chunk would bury the log without saying more about who saw what (docs/attachments.md
 * section 15).
 */
@NonBlocking
@Path("/casework/api/reports/{id}/attachments")
public class CaseAttachmentApi {

    private static final String REPORT = "select 1 from report where id = $1";
    // The report's own files first, then each message's in the order the messages came, each in upload order.
    private static final String LIST = "select a.id, a.kid, a.enc, a.chunk_count, a.message_id, a.position "
            + "from attachment a left join mailbox_message m on m.id = a.message_id where a.report_id = $1 "
            + "order by a.message_id is not null, m.sent_hour, m.id, a.position";
    private static final String CHUNK = "select c.body from attachment_chunk c join attachment a "
            + "on a.id = c.attachment_id where a.report_id = $1 and a.id = $2 and c.chunk_index = $3";

    private final Pool pool;
    private final AuditLog audit;
    private final CurrentStaff current;

    public CaseAttachmentApi(Pool pool, AuditLog audit, CurrentStaff current) {
        this.pool = pool;
        this.audit = audit;
        this.current = current;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<Map<String, Object>>> list(@PathParam("id") String id) {
        UUID reportId = PathIds.uuid(id);
        return pool.preparedQuery(REPORT).execute(Tuple.of(reportId)).chain(found -> {
            if (found.size() == 0) {
                throw Problem.notFound();
            }
            return pool.preparedQuery(LIST).execute(Tuple.of(reportId));
        }).map(rows -> {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", row.getUUID("id").toString());
                item.put("kid", row.getString("kid"));
                item.put("enc", Base64Url.encode(row.getBuffer("enc").getBytes()));
                item.put("chunks", row.getInteger("chunk_count"));
                UUID message = row.getUUID("message_id");
                item.put("message", message == null ? null : message.toString());
                item.put("position", row.getInteger("position"));
                list.add(item);
            }
            return list;
        });
    }

    @GET
    @Path("{attachment}/chunks/{index}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> chunk(@PathParam("id") String id, @PathParam("attachment") String attachment,
            @PathParam("index") String index) {
        if (index == null || !index.matches("0|[1-9][0-9]{0,8}")) {
            throw Problem.notFound();
        }
        UUID reportId = PathIds.uuid(id);
        UUID attachmentId = PathIds.uuid(attachment);
        int chunk = Integer.parseInt(index);
        String actor = current.get().username();
        return pool.preparedQuery(CHUNK).execute(Tuple.of(reportId, attachmentId, chunk)).chain(rows -> {
            if (rows.size() == 0) {
                throw Problem.notFound();
            }
            byte[] body = rows.iterator().next().getBuffer("body").getBytes();
            Uni<?> recorded = chunk > 1 ? Uni.createFrom().voidItem()
                    : audit.append(actor, AuditAction.READ_ATTACHMENT, reportId,
                            "attachment=" + attachmentId + ",part=" + (chunk == 0 ? "header" : "content"));
            return recorded.map(ignored -> Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header("Cache-Control", "no-store").build());
        });
    }
}
