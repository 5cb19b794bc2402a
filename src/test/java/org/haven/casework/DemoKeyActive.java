package org.haven.casework;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.haven.intake.DemoIntakeKey;

/**
 * Puts the demo intake key back as the active one after a test made a new key: other tests in the same JVM
 * seal their reports to the demo key.
 */
public final class DemoKeyActive {

    private DemoKeyActive() {
    }

    public static void restore(AgroalDataSource dataSource, DemoIntakeKey demoKey) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // Two statements: the partial unique index allows one active key at every row update.
            try (PreparedStatement off = c.prepareStatement("update intake_key set active = false where active");
                    PreparedStatement on = c.prepareStatement("update intake_key set active = true where kid = ?")) {
                off.executeUpdate();
                on.setString(1, demoKey.keyFile().kid());
                on.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
