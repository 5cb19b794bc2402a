package org.haven.referral;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads the real test database the way an auditor would, to check what was (and was not) stored. */
public record Db(AgroalDataSource dataSource) {

    public long count(String sql, Object... params) throws Exception {
        return Long.parseLong(text(sql, params));
    }

    /** The first column of the first row as text, or null when there is no row. */
    public String text(String sql, Object... params) throws Exception {
        List<String> all = texts(sql, params);
        return all.isEmpty() ? null : all.get(0);
    }

    public List<String> texts(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        }
    }

    public int execute(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }
}
