package org.haven.intake;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Searches every table of the test database for a string, to prove something was never stored in clear. */
public final class TestTables {

    private TestTables() {
    }

    /** Every table whose rows, as text (bytea as hex), contain {@code needle}, ignoring case. */
    public static List<String> holding(AgroalDataSource dataSource, String needle) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select quote_ident(schemaname) || '.' || quote_ident(tablename) "
                        + "from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        List<String> holding = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (String table : tables) {
                try (PreparedStatement s = c.prepareStatement("select count(*) from " + table
                        + " t where strpos(lower(t::text), lower(?)) > 0")) {
                    s.setString(1, needle);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            holding.add(table);
                        }
                    }
                }
            }
        }
        return holding;
    }
}
