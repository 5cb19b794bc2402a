package org.haven.seized;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haven.intake.Questionnaire;

/**
 * The checks of DESIGN.md "What the server may know" that a byte search cannot make: the cleartext columns Haven
 * keeps hold only a random id, the hour received, status, consent and expiry, never a language or a crime
 * category, and nothing a reporter did is timed finer than the hour. Each answers its findings, empty if none.
 */
final class ClearMetadata {

    /** Column names that would say a table keeps what the server may not know. */
    private static final String FORBIDDEN_COLUMN_NAMES =
            "lang|locale|categor|crime|strand|address|agent|\\mip\\M|nationality|country|name_of|phone|email";

    private ClearMetadata() {
    }

    static List<String> forbiddenColumns(Connection db) throws Exception {
        List<String> findings = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select table_name || '.' || column_name "
                + "from information_schema.columns where table_schema = 'public' and column_name ~* '"
                + FORBIDDEN_COLUMN_NAMES + "'")) {
            while (r.next()) {
                findings.add("schema: column " + r.getString(1));
            }
        }
        return findings;
    }

    /** Every time column of the reporter's own rows (the report, the mailbox) is truncated to the hour. */
    static List<String> timesFinerThanTheHour(Connection db) throws Exception {
        List<String> findings = new ArrayList<>();
        for (String table : List.of("report", "mailbox_message")) {
            List<String> columns = timeColumns(db, table);
            if (columns.isEmpty()) {
                findings.add("schema: " + table + " has no time column, so this check checks nothing");
            }
            for (String column : columns) {
                try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + table
                        + " where " + column + " <> date_trunc('hour', " + column + ")")) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        findings.add("database: " + table + "." + column + " holds a time finer than the hour");
                    }
                }
            }
        }
        return findings;
    }

    /** Dumped fields that are exactly a language or a crime category, in any table. */
    static List<String> languageOrCategoryFields(Map<String, List<String[]>> dump) {
        Set<String> forbidden = new HashSet<>(Questionnaire.CRIME_TYPES);
        forbidden.addAll(List.of("ar", "en", "arabic", "english"));
        List<String> findings = new ArrayList<>();
        dump.forEach((table, rows) -> rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                if (forbidden.contains(row[i])) {
                    findings.add("dump: " + table + " column " + (i + 1) + " holds \"" + row[i] + "\" in clear");
                }
            }
        }));
        return findings;
    }

    private static List<String> timeColumns(Connection db, String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("select column_name from information_schema.columns where "
                + "table_schema = 'public' and table_name = ? and data_type like 'timestamp%'")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.add(r.getString(1));
                }
            }
        }
        return columns;
    }
}
