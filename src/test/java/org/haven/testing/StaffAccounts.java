package org.haven.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.crypto.PasswordHashing;
import org.haven.crypto.Totp;

/**
 * Staff accounts for the integration tests and benchmarks that drive the prod jar over HTTP: written into the
 * database as an admin's "new account" leaves them, then signed in as a new account would be.
 */
public final class StaffAccounts {

    private static final Pattern TOTP_SECRET = Pattern.compile("data-totp-secret>([A-Z2-7]+)<");

    private StaffAccounts() {
    }

    /** An enabled account with a password and no authenticator yet, so its first sign-in enrols one. */
    public static void insert(Connection db, String username, String role, String password) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("insert into staff_account (id, username, role, password_hash, "
                + "created_at) values (?, ?, ?, ?, now())")) {
            s.setObject(1, UUID.randomUUID());
            s.setString(2, username);
            s.setString(3, role);
            s.setString(4, PasswordHashing.hash(password));
            s.executeUpdate();
        }
    }

    /** The current code of the authenticator secret an enrolment page shows, or null if it shows none. */
    public static String enrolmentCode(String enrolPage) {
        Matcher secret = TOTP_SECRET.matcher(enrolPage);
        return secret.find()
                ? Totp.code(Base32.decode(secret.group(1)), Totp.step(Instant.now().getEpochSecond()))
                : null;
    }
}
