package org.haven.seized;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * A full data dump of every table outside PostgreSQL's own catalogues, as {@code COPY ... TO STDOUT} text, one
 * block per table headed {@code -- table <schema>.<name>} — what {@code pg_dump --data-only} writes. The embedded
 * PostgreSQL ships no {@code pg_dump}, and a system one of another major version refuses a newer server, so the
 * dump goes through the JDBC driver's COPY support instead, which reads exactly the same rows.
 */
final class TableDump {

    private TableDump() {
    }

    /** Writes the dump to {@code file}; answers each table's rows (its COPY lines, fields split at tabs). */
    static Map<String, List<String[]>> write(Connection db, Path file) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select quote_ident(schemaname) || '.' "
                + "|| quote_ident(tablename) from pg_tables where schemaname not in ('pg_catalog', "
                + "'information_schema') order by 1")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        var copy = db.unwrap(PGConnection.class).getCopyAPI();
        try (OutputStream out = Files.newOutputStream(file)) {
            for (String table : tables) {
                var buffer = new java.io.ByteArrayOutputStream();
                copy.copyOut("COPY " + table + " TO STDOUT", buffer);
                out.write(("-- table " + table + "\n").getBytes(StandardCharsets.UTF_8));
                buffer.writeTo(out);
                List<String[]> lines = new ArrayList<>();
                for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        lines.add(line.split("\t", -1));
                    }
                }
                rows.put(table, lines);
            }
        }
        return rows;
    }
}
