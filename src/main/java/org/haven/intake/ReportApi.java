package org.haven.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.haven.crypto.Base64Url;
import org.haven.web.Problem;

/**
 * The reporter's JSON API, used by report.js and mailbox.js. Every request carries ciphertext or values
 * derived from the receipt, never the receipt or the report in clear.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ReportApi {

    private final IntakeService intake;
    private final ReportInserts inserts;
    private final SubmissionParser parser;

    public ReportApi(IntakeService intake, ReportInserts inserts, SubmissionParser parser) {
        this.intake = intake;
        this.inserts = inserts;
        this.parser = parser;
    }

    @GET
    @Path("/intake-key")
    public Uni<Map<String, String>> intakeKey() {
        return intake.activeKey().map(key -> {
            if (key == null) {
                throw new Problem(503, "Not accepting reports", "No intake key is configured yet.");
            }
            return Map.of("kid", key.kid, "publicKey", Base64Url.encode(key.publicKey));
        });
    }

    @POST
    @Path("/reports")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(JsonNode body) {
        SealedReport sealed = parser.parse(body);
        return inserts.insert(sealed).map(ReportApi::respond);
    }

    private static Response respond(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Stored) {
            return Response.status(201).entity(Map.of("status", "stored")).build();
        }
        if (outcome instanceof SubmitOutcome.AlreadyStored) {
            return Response.ok(Map.of("status", "already-stored")).build();
        }
        if (outcome instanceof SubmitOutcome.KeyReused) {
            throw new Problem(409, "Conflict", "This submission key was already used for a different report.");
        }
        throw new Problem(422, "Unknown key",
                "The report is sealed to a key this service does not know. Reload the form and try again.");
    }

    @POST
    @Path("/mailbox")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> mailbox(JsonNode body) {
        return intake.mailbox(parser.token(body)).map(mailbox -> {
            if (mailbox == null) {
                throw Problem.notFound();
            }
            Report report = mailbox.report();
            List<Map<String, String>> messages = mailbox.messages().stream()
                    .map(m -> Map.of("sender", m.sender, "sent", m.sentHour.toString(), "envelope", m.envelope))
                    .toList();
            return Map.of(
                    "status", report.status,
                    "consent", report.consent,
                    "received", report.receivedHour.toString(),
                    "expires", report.expiresOn.toString(),
                    "mailboxWrappedKey", report.mailboxWrappedKey,
                    "messages", messages);
        });
    }

    @POST
    @Path("/mailbox/consent")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> consent(JsonNode body) {
        byte[] token = parser.token(body);
        Consent consent = Consent.fromCode(body.path("consent").asText(""))
                .orElseThrow(() -> Problem.badRequest("consent must be one of police, record, talk."));
        return intake.changeConsent(token, consent).map(SubmissionParser::noContentOrNotFound);
    }

    /** The reporter's answer, sealed in the browser: to the intake key, and a copy to the mailbox key. */
    @POST
    @Path("/mailbox/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> message(JsonNode body) {
        byte[] token = parser.token(body);
        org.haven.crypto.Envelope toCaseworkers = parser.envelope(body, "envelope");
        org.haven.crypto.Envelope copy = parser.envelope(body, "copy");
        return intake.addReporterMessage(token, toCaseworkers, copy)
                .map(stored -> {
                    if (!stored) {
                        throw Problem.notFound();
                    }
                    return Response.status(201).build();
                });
    }

    @POST
    @Path("/mailbox/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> withdraw(JsonNode body) {
        return intake.withdraw(parser.token(body)).map(SubmissionParser::noContentOrNotFound);
    }
}
