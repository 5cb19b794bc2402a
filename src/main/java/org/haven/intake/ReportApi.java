package org.haven.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.haven.crypto.Base64Url;
import org.haven.web.HavenConfig;
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
    private final Challenges challenges;
    private final FloodGuard flood;
    private final boolean proofRequired;

    public ReportApi(IntakeService intake, ReportInserts inserts, SubmissionParser parser, Challenges challenges,
            FloodGuard flood, HavenConfig config) {
        this.intake = intake;
        this.inserts = inserts;
        this.parser = parser;
        this.challenges = challenges;
        this.flood = flood;
        this.proofRequired = config.flood().proofRequired();
    }

    /** A proof-of-work challenge for a report or a mailbox sign-in; its difficulty rises with load. */
    @GET
    @Path("/challenge")
    public Uni<Response> challenge(@QueryParam("for") String purpose) {
        if (purpose == null || !Challenges.PURPOSES.contains(purpose)) {
            throw Problem.badRequest("for must be report or mailbox.");
        }
        return flood.difficulty().map(bits -> {
            Challenges.Issued issued = challenges.issue(purpose, bits);
            return Response.ok(Map.of("challenge", issued.challenge(), "difficulty", issued.difficulty(),
                    "expires", issued.expires().toString())).header("Cache-Control", "no-store").build();
        });
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
        Proof proof = proof(body, "report");
        SealedReport sealed = parser.parse(body);
        return proof.redeem(flood).chain(() -> inserts.insert(sealed)).map(ReportApi::respond);
    }

    /** Checked before anything else; redeemed (once, on every replica) only when the request is otherwise sound. */
    private Proof proof(JsonNode body, String purpose) {
        String challenge = body == null ? null : body.path("challenge").asText(null);
        String solution = body == null ? null : body.path("solution").asText(null);
        if (!proofRequired && challenge == null && solution == null) {
            return Proof.NONE;
        }
        return new Proof(challenge, challenges.verify(challenge, solution, purpose));
    }

    /** A verified challenge, not yet redeemed. */
    record Proof(String challenge, java.time.Instant expires) {
        static final Proof NONE = new Proof(null, null);

        Uni<Void> redeem(FloodGuard flood) {
            return challenge == null ? Uni.createFrom().voidItem() : flood.redeem(challenge, expires);
        }
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
        Proof proof = proof(body, "mailbox");
        byte[] token = parser.token(body);
        return proof.redeem(flood).chain(() -> flood.admitSignIn(token)).chain(admitted -> {
            if (!admitted) {
                throw tooManySignIns();
            }
            return intake.mailbox(token).call(found -> found == null ? flood.signInFailed() : Uni.createFrom().voidItem());
        }).map(mailbox -> {
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

    static Problem tooManySignIns() {
        return new Problem(429, "Too many sign-ins", "Too many sign-in attempts right now. Try again in a minute.");
    }

    @POST
    @Path("/mailbox/consent")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> consent(JsonNode body) {
        byte[] token = parser.token(body);
        Consent consent = Consent.fromCode(body.path("consent").asText(""))
                .orElseThrow(() -> Problem.badRequest("consent must be one of police, record, talk."));
        return flood.tokenLookup(intake.changeConsent(token, consent), found -> found)
                .map(SubmissionParser::noContentOrNotFound);
    }

    /** The reporter's answer, sealed in the browser: to the intake key, and a copy to the mailbox key. */
    @POST
    @Path("/mailbox/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> message(JsonNode body) {
        byte[] token = parser.token(body);
        org.haven.crypto.Envelope toCaseworkers = parser.envelope(body, "envelope");
        org.haven.crypto.Envelope copy = parser.envelope(body, "copy");
        var attachments = parser.attachments(body);
        return flood.tokenLookup(intake.addReporterMessage(token, toCaseworkers, copy, attachments), stored -> stored)
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
        return flood.tokenLookup(intake.withdraw(parser.token(body)), found -> found)
                .map(SubmissionParser::noContentOrNotFound);
    }
}
