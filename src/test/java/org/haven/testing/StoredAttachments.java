package org.haven.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentOpener;

/**
 * Opens the attachments stored for a report as a caseworker's browser would, straight from the database, with the
 * intake private key: what a test proves about what the server holds, without the staff API.
 */
public final class StoredAttachments {

    private StoredAttachments() {
    }

    /** One stored attachment, opened: its header, its bytes, and the message it came with (null: the report). */
    public record Opened(UUID id, UUID messageId, int chunks, AttachmentHeader header, byte[] bytes) {
    }

    /** The report's attachments in upload order (the report's own first, then each message's), opened. */
    public static List<Opened> ofReport(Connection c, UUID reportId, byte[] privateKey) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select a.id from attachment a "
                + "left join mailbox_message m on m.id = a.message_id where a.report_id = ? "
                + "order by a.message_id is not null, m.sent_hour, a.position")) {
            s.setObject(1, reportId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add((UUID) r.getObject(1));
                }
            }
        }
        List<Opened> out = new ArrayList<>();
        for (UUID id : ids) {
            out.add(open(c, id, privateKey));
        }
        return out;
    }

    /** One stored attachment (bound or not), opened with the intake private key. */
    public static Opened open(Connection c, UUID id, byte[] privateKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select message_id, kid, enc, chunk_count from attachment where id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("no attachment " + id);
                }
                int chunks = r.getInt(4);
                AttachmentOpener opener = new AttachmentOpener(privateKey, r.getString(2), r.getBytes(3), id, chunks);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                AttachmentHeader header = opener.open(index -> chunk(c, id, index), bytes);
                return new Opened(id, (UUID) r.getObject(1), chunks, header, bytes.toByteArray());
            } catch (IOException e) {
                throw new SQLException(e);
            }
        }
    }

    /** Ids of the uploads not bound to anything yet. */
    public static List<UUID> unbound(Connection c) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select id from attachment where report_id is null");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ids.add((UUID) r.getObject(1));
            }
        }
        return ids;
    }

    /** The stored ciphertext of chunk {@code index}. */
    public static byte[] chunk(Connection c, UUID id, int index) throws IOException {
        try (PreparedStatement s = c.prepareStatement(
                "select body from attachment_chunk where attachment_id = ? and chunk_index = ?")) {
            s.setObject(1, id);
            s.setInt(2, index);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IOException("no chunk " + index + " of " + id);
                }
                return r.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
