package org.haven.referral.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.haven.referral.document.ReferralRequestBody;

/**
 * The request body of a referral that carries files (docs/referral.md section 7), built at each attempt from the
 * stored envelope and the force-sealed chunks; built from the same rows, it is the same bytes on every retry, so
 * the force's duplicate check sees the same Content-Digest.
 */
@ApplicationScoped
class OutboxFiles {

    private static final String FILES = "select f.id, f.force_kid, f.enc, f.chunk_count, c.chunk_index, c.body "
            + "from referral_file f join referral_file_chunk c on c.file_id = f.id "
            + "where f.referral_id = $1 order by f.position, c.chunk_index";

    private final Pool pool;

    OutboxFiles(Pool pool) {
        this.pool = pool;
    }

    /** The payload, or empty when a file is incomplete or sealed to another key than the force's current one. */
    Uni<Optional<ForceClient.Payload>> payload(Claimed claimed) {
        return pool.preparedQuery(FILES).execute(Tuple.of(claimed.referralId())).map(rows -> {
            List<ReferralRequestBody.File> files = new ArrayList<>();
            UUID current = null;
            String kid = null;
            byte[] enc = null;
            int chunks = 0;
            int expected = 0;
            ByteArrayOutputStream sealed = null;
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                if (!id.equals(current)) {
                    if (current != null) {
                        files.add(new ReferralRequestBody.File(current, kid, enc, chunks, sealed.toByteArray()));
                    }
                    current = id;
                    kid = row.getString("force_kid");
                    enc = row.getBuffer("enc").getBytes();
                    chunks = row.getInteger("chunk_count");
                    expected = 0;
                    sealed = new ByteArrayOutputStream((int) ReferralRequestBody.File.sealedLength(chunks));
                    if (!kid.equals(claimed.forceKeyId())) {
                        return Optional.<ForceClient.Payload>empty();
                    }
                }
                if (row.getInteger("chunk_index") != expected++) {
                    return Optional.<ForceClient.Payload>empty();
                }
                sealed.writeBytes(row.getBuffer("body").getBytes());
            }
            if (current != null) {
                files.add(new ReferralRequestBody.File(current, kid, enc, chunks, sealed.toByteArray()));
            }
            if (files.size() != claimed.files() || files.stream().anyMatch(
                    file -> file.sealed().length != ReferralRequestBody.File.sealedLength(file.chunks()))) {
                return Optional.<ForceClient.Payload>empty();
            }
            return Optional.of(new ForceClient.Payload(
                    ReferralRequestBody.build(claimed.referralId(), claimed.body(), files),
                    ReferralRequestBody.contentType(claimed.referralId())));
        });
    }
}
