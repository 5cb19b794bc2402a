package org.haven.referral;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;

/**
 * Registers a force for a test the way an admin would, straight in the registry table: an endpoint and a
 * fresh HPKE key pair whose private half the test keeps to open what Haven sent. Each test class uses its own
 * force code, so queued referrals of one class never reach another class's receiver.
 */
public final class TestForces {

    private TestForces() {
    }

    public static Hpke.KeyPair enable(AgroalDataSource dataSource, String code, String endpoint) throws Exception {
        Hpke.KeyPair pair = Hpke.generateKeyPair();
        enable(dataSource, code, endpoint, pair.publicKey());
        return pair;
    }

    public static void enable(AgroalDataSource dataSource, String code, String endpoint, byte[] publicKey) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            enable(c, code, endpoint, publicKey);
        }
    }

    /** As above, over a connection the caller owns (the integration tests, which have no Quarkus datasource). */
    public static void enable(Connection c, String code, String endpoint, byte[] publicKey) throws Exception {
        try (PreparedStatement s = c.prepareStatement(
                "update police_force set enabled = true, endpoint_url = ?, public_key = ?, key_id = ?, updated_at = now() "
                        + "where code = ?")) {
            s.setString(1, endpoint);
            s.setBytes(2, publicKey);
            s.setString(3, KeyIds.forceKey(publicKey));
            s.setString(4, code);
            if (s.executeUpdate() != 1) {
                throw new IllegalArgumentException("No force " + code);
            }
        }
    }

    public static void disable(AgroalDataSource dataSource, String code) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update police_force set enabled = false where code = ?")) {
            s.setString(1, code);
            s.executeUpdate();
        }
    }
}
