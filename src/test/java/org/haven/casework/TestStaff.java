package org.haven.casework;

import io.agroal.api.AgroalDataSource;
import io.quarkus.vertx.VertxContextSupport;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import org.haven.casework.account.StaffAuth;
import org.haven.crypto.Totp;

/** A fresh staff account per test, with its own second-factor secret, so tests never share TOTP steps. */
public record TestStaff(String username, String password, byte[] totpSecret) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static TestStaff create(StaffAuth auth, AgroalDataSource dataSource, String role) throws Throwable {
        String username = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String password = "test passphrase " + UUID.randomUUID();
        byte[] secret = Totp.newSecret(RANDOM);
        var account = VertxContextSupport.subscribeAndAwait(() -> auth.createAccount(username, role, password));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("update staff_account set totp_secret = ? where username = ?")) {
            // Stored as Haven stores it: sealed under the server's key, never in clear.
            s.setBytes(1, auth.sealTotpSecret(account.id, secret));
            s.setString(2, username);
            s.executeUpdate();
        }
        return new TestStaff(username, password, secret);
    }

    /** The code for the current time step plus {@code offset} (the server accepts -1..+1, each step once). */
    public String code(int offset) {
        return Totp.code(totpSecret, Totp.step(Instant.now().getEpochSecond()) + offset);
    }

    public StaffClient.Session signIn(int codeOffset) {
        return StaffClient.signIn(username, password, code(codeOffset));
    }
}
