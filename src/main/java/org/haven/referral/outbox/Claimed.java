package org.haven.referral.outbox;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * One outbox row a worker has leased, with what delivering it needs from the force and the report, and how many
 * force-sealed files travel with it.
 */
record Claimed(UUID referralId, String body, String forceKid, int attempts, Instant queuedAt, String forceCode,
        boolean forceEnabled, String endpointUrl, String forceKeyId, UUID reportId, String consent,
        byte[] mailboxPublicKey, String intakeKid, byte[] intakePublicKey, int files) {

    static Claimed of(Row row) {
        return new Claimed(row.getUUID("referral_id"), row.getString("body"), row.getString("force_kid"),
                row.getInteger("attempts"), row.getOffsetDateTime("queued_at").toInstant(), row.getString("force_code"),
                row.getBoolean("enabled"), row.getString("endpoint_url"), row.getString("key_id"),
                row.getUUID("report_id"), row.getString("consent"), bytes(row, "mailbox_public_key"),
                row.getString("intake_kid"), bytes(row, "intake_public_key"), row.getInteger("files"));
    }

    private static byte[] bytes(Row row, String column) {
        io.vertx.mutiny.core.buffer.Buffer buffer = row.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }
}
