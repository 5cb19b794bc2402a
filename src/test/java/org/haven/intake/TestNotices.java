package org.haven.intake;

import io.agroal.api.AgroalDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Purpose;

/** Puts Haven's "passed to police" notice into a report's mailbox, sealed exactly as OutboxWorker.notice seals it. */
public final class TestNotices {

    private TestNotices() {
    }

    /** @param reference the force's reference, or null when it gave none */
    public static void insert(AgroalDataSource dataSource, DemoIntakeKey demoKey, UUID reportId, String force,
            String reference, Instant sentHour) throws Exception {
        String json = "{\"schema\":\"haven.police/1\",\"force\":\"" + force + "\",\"reference\":"
                + (reference == null ? "null" : "\"" + reference + "\"") + "}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        var intake = demoKey.keyFile();
        try (Connection c = dataSource.getConnection()) {
            byte[] mailboxKey;
            try (PreparedStatement s = c.prepareStatement("select mailbox_public_key from report where id = ?")) {
                s.setObject(1, reportId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalArgumentException("no report " + reportId);
                    }
                    mailboxKey = r.getBytes(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("insert into mailbox_message "
                    + "(id, report_id, sender, envelope, sender_copy, sent_hour) values (?, ?, 'haven', ?, ?, ?)")) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, reportId);
                s.setString(3, Envelopes.seal(Purpose.REPLY, "mailbox", mailboxKey, bytes).toJson());
                s.setString(4, Envelopes.seal(Purpose.REPLY, intake.kid(), Base64Url.decode(intake.publicKey()), bytes)
                        .toJson());
                s.setTimestamp(5, Timestamp.from(sentHour));
                s.executeUpdate();
            }
        }
    }

    /** The stored report's id, found by its lookup token as the mailbox finds it. */
    public static UUID reportId(AgroalDataSource dataSource, ReceiptTokens tokens, String token) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select id from report where token_hash = ?")) {
            s.setBytes(1, tokens.hash(Base64Url.decode(token)));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalArgumentException("no report for that token");
                }
                return r.getObject(1, UUID.class);
            }
        }
    }
}
