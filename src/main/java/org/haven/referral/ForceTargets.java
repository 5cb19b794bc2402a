package org.haven.referral;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads the force registry (table police_force) for the firewall and the delivery worker. */
@ApplicationScoped
public class ForceTargets {

    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[a-z][a-z-]{0,39}");
    private static final String ONE = "select code, name, enabled, endpoint_url, public_key, key_id from police_force where code = $1";

    private final Pool pool;

    public ForceTargets(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<ForceTarget>> find(String code) {
        if (!isCode(code)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery(ONE).execute(Tuple.of(code))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(of(rows.iterator().next())) : Optional.empty());
    }

    /** A force code as the registry names forces ({@code thames-valley}); anything else matches no force. */
    public static boolean isCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    static ForceTarget of(Row row) {
        io.vertx.mutiny.core.buffer.Buffer key = row.getBuffer("public_key");
        return new ForceTarget(row.getString("code"), row.getString("name"), row.getBoolean("enabled"),
                row.getString("endpoint_url"), key == null ? null : key.getBytes(), row.getString("key_id"));
    }
}
