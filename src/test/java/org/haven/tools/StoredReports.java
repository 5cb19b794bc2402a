package org.haven.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haven.crypto.Envelope;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Purpose;

/**
 * Plays the caseworker's part for tests and dev: reads every stored report and opens it with an intake
 * private key. Haven itself never does this — only a holder of the private key can.
 */
public final class StoredReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredReports() {
    }

    public static List<Opened> openAll(Connection connection, String kid, byte[] privateKey) throws SQLException {
        List<Opened> opened = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select id, envelope, consent, status, received_hour from report where intake_kid = ? "
                        + "order by received_hour, id")) {
            select.setString(1, kid);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] plaintext = Envelopes.open(Envelope.parse(rows.getString("envelope")), Purpose.REPORT,
                            privateKey);
                    opened.add(new Opened(rows.getString("id"), rows.getString("consent"), rows.getString("status"),
                            rows.getString("received_hour"), parse(plaintext)));
                }
            }
        }
        return opened;
    }

    /** The report whose answers include this exact account text; tests make each account unique. */
    public static List<Opened> withAccount(Connection connection, String kid, byte[] privateKey, String account)
            throws SQLException {
        return openAll(connection, kid, privateKey).stream().filter(r -> account.equals(r.answers().get("account")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] plaintext) {
        try {
            return JSON.readValue(new String(plaintext, StandardCharsets.UTF_8), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException("An opened report is not JSON", e);
        }
    }

    /** A report as its caseworker would see it after opening. */
    public record Opened(String id, String consent, String status, String receivedHour, Map<String, Object> document) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> answers() {
            return (Map<String, Object>) document.get("answers");
        }

        public String lang() {
            return (String) document.get("lang");
        }
    }
}
