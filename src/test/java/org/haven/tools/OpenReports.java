package org.haven.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.haven.crypto.Base64Url;

/**
 * Dev tool: prints every report in the dev database, opened with the demo intake key.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.haven.tools.OpenReports</pre>
 *
 * Arguments (optional): the key file (default target/haven-dev/keys/demo-intake-key.json) and a JDBC URL
 * (default the embedded dev database on port 54329).
 */
public final class OpenReports {

    private OpenReports() {
    }

    public static void main(String[] args) throws Exception {
        Path keyFile = Path.of(args.length > 0 ? args[0] : "target/haven-dev/keys/demo-intake-key.json");
        String url = args.length > 1 ? args[1] : "jdbc:postgresql://localhost:54329/postgres";
        var key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(keyFile));
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres")) {
            for (StoredReports.Opened report : StoredReports.openAll(connection, key.get("kid").asText(),
                    Base64Url.decode(key.get("privateKey").asText()))) {
                System.out.printf("report %s  received %s  status %s  consent %s%n  %s%n%n", report.id(),
                        report.receivedHour(), report.status(), report.consent(), report.document());
            }
        }
    }
}
