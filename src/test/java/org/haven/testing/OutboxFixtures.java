package org.haven.testing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.haven.crypto.Purpose;
import org.haven.referral.ReferralDocuments;
import org.haven.referral.receiver.ReferenceReceiver;

/**
 * The rows a real deployment would have for the outbox to work on, written over JDBC: an intake key, reports that
 * consent, the force {@code kent} enabled and pointed at a reference receiver, and queued referrals sealed as Haven
 * seals them. Used by the outbox benchmark and the two-instance test.
 */
public record OutboxFixtures(String kid, byte[] intakePublic, byte[] mailboxPublic, byte[] forcePublic, String forceKid) {

    public static OutboxFixtures create(Connection db, ReferenceReceiver receiver) throws Exception {
        Hpke.KeyPair intake = Hpke.generateKeyPair();
        Hpke.KeyPair mailbox = Hpke.generateKeyPair();
        String kid = "outbox-fixtures";
        try (PreparedStatement s = db.prepareStatement(
                "insert into intake_key (kid, public_key, created_at, active) values (?, ?, now(), true)")) {
            s.setString(1, kid);
            s.setBytes(2, intake.publicKey());
            s.executeUpdate();
        }
        byte[] forcePublic = receiver.forceKey().publicKey();
        try (PreparedStatement s = db.prepareStatement("update police_force set enabled = true, endpoint_url = ?, "
                + "public_key = ?, key_id = ? where code = 'kent'")) {
            s.setString(1, receiver.url());
            s.setBytes(2, forcePublic);
            s.setString(3, KeyIds.forceKey(forcePublic));
            s.executeUpdate();
        }
        return new OutboxFixtures(kid, intake.publicKey(), mailbox.publicKey(), forcePublic, KeyIds.forceKey(forcePublic));
    }

    /** Queues {@code count} referrals, each for its own report, sealed as Haven seals them; not yet due. */
    public void queue(Connection db, int count, String tag) throws Exception {
        db.setAutoCommit(false);
        try (PreparedStatement report = db.prepareStatement("insert into report (id, submission_key_hash, token_hash, "
                + "intake_kid, envelope, mailbox_public_key, mailbox_wrapped_key, received_hour, status, consent, "
                + "expires_on) values (?, ?, ?, ?, '{}', ?, '{}', date_trunc('hour', now()), 'new', 'police', ?)");
                PreparedStatement referral = db.prepareStatement("insert into referral (id, reference, report_id, "
                        + "force_code, state, document_sha256, staff_copy, proposed_by, created_at, queued_at) "
                        + "values (?, ?, ?, 'kent', 'queued', ?, '{}', 'bench', now(), now())");
                PreparedStatement outbox = db.prepareStatement("insert into referral_outbox (referral_id, force_kid, "
                        + "body, next_attempt_at, queued_at) values (?, ?, ?, 'infinity', now())")) {
            for (int i = 0; i < count; i++) {
                UUID reportId = UUID.randomUUID();
                UUID referralId = UUID.randomUUID();
                String reference = ReferralDocuments.newReference();
                byte[] document = document(reference, tag + " " + i);
                report.setObject(1, reportId);
                report.setBytes(2, random32());
                report.setBytes(3, random32());
                report.setString(4, kid);
                report.setBytes(5, mailboxPublic);
                report.setObject(6, LocalDate.now().plusDays(365));
                report.addBatch();
                referral.setObject(1, referralId);
                referral.setString(2, reference);
                referral.setObject(3, reportId);
                referral.setBytes(4, ReferralDocuments.sha256(document));
                referral.addBatch();
                outbox.setObject(1, referralId);
                outbox.setString(2, forceKid);
                outbox.setString(3, Envelopes.seal(Purpose.REFERRAL, forceKid, forcePublic, document).toJson());
                outbox.addBatch();
            }
            report.executeBatch();
            referral.executeBatch();
            outbox.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static byte[] document(String reference, String account) {
        return ("{\"schema\":\"haven.referral/1\",\"reference\":\"" + reference + "\",\"created\":\""
                + LocalDate.now(ZoneOffset.UTC) + "\",\"from\":{\"organisation\":\"Bench\",\"contactForPolice\":"
                + "\"Referrals desk\"},\"force\":\"kent\",\"event\":{\"category\":\"bicycle-theft\",\"account\":"
                + "\"A bicycle was taken, " + account + ".\"},\"location\":{\"precision\":\"town\","
                + "\"description\":\"Canterbury\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random32() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
