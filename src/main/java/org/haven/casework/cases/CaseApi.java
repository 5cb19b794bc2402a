package org.haven.casework.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haven.casework.account.CurrentStaff;
import org.haven.crypto.Envelope;
import org.haven.crypto.EnvelopeException;
import org.haven.intake.ReportStatus;
import org.haven.web.Problem;

/** One report's workflow and conversation, for the caseworker's browser. Gated by StaffGate (CSRF on POST). */
@NonBlocking
@Path("/casework/api/reports/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CaseApi {

    private final CaseService cases;
    private final CurrentStaff current;

    public CaseApi(CaseService cases, CurrentStaff current) {
        this.cases = cases;
        this.current = current;
    }

    @POST
    @Path("status")
    public Uni<Response> status(@PathParam("id") String id, JsonNode body) {
        String code = body == null ? "" : body.path("status").asText("");
        ReportStatus status = Arrays.stream(ReportStatus.values()).filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> Problem.badRequest("status must be one of new, in_review, waiting, referred, closed."));
        return cases.setStatus(current.get(), PathIds.uuid(id), status).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("assign")
    public Uni<Response> assign(@PathParam("id") String id, JsonNode body) {
        boolean toMe = body != null && body.path("toMe").asBoolean(false);
        return cases.assign(current.get(), PathIds.uuid(id), toMe).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("viewed")
    public Uni<Response> viewed(@PathParam("id") String id) {
        return cases.viewed(current.get(), PathIds.uuid(id)).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("messages")
    public Uni<List<Map<String, String>>> messages(@PathParam("id") String id) {
        return cases.conversation(PathIds.uuid(id)).map(list -> list.stream().map(m -> Map.of(
                "id", m.id.toString(), "sender", m.sender, "sent", m.sentHour.toString(),
                // Caseworkers read replies, and Haven's own notices to the reporter, through the copy sealed to the
                // intake key; the envelope of either is sealed to the reporter's mailbox key.
                "envelope", !"reporter".equals(m.sender) && m.senderCopy != null ? m.senderCopy : m.envelope))
                .toList());
    }

    @POST
    @Path("messages")
    public Uni<Response> reply(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.path("toReporter").isObject() || !body.path("copy").isObject()) {
            throw Problem.badRequest("toReporter and copy must be envelopes.");
        }
        Envelope toReporter;
        Envelope copy;
        try {
            toReporter = Envelope.parse(body.get("toReporter").toString());
            copy = Envelope.parse(body.get("copy").toString());
        } catch (EnvelopeException e) {
            throw Problem.badRequest("An envelope is malformed.");
        }
        return cases.reply(current.get(), PathIds.uuid(id), toReporter, copy)
                .map(messageId -> Response.status(201).entity(Map.of("id", messageId.toString())).build());
    }

    @GET
    @Path("notes")
    public Uni<List<Map<String, String>>> notes(@PathParam("id") String id) {
        return cases.notes(PathIds.uuid(id)).map(list -> list.stream().map(n -> Map.of("id", n.id.toString(),
                "author", n.author, "written", n.writtenHour.toString(), "envelope", n.envelope)).toList());
    }

    /** A note or outcome sealed to the intake key in the browser: {@code {"envelope": {...}, "outcome": bool}}. */
    @POST
    @Path("notes")
    public Uni<Response> addNote(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.path("envelope").isObject()) {
            throw Problem.badRequest("envelope must be an envelope.");
        }
        Envelope sealed;
        try {
            sealed = Envelope.parse(body.get("envelope").toString());
        } catch (EnvelopeException e) {
            throw Problem.badRequest("The envelope is malformed.");
        }
        return cases.addNote(current.get(), PathIds.uuid(id), sealed, body.path("outcome").asBoolean(false))
                .map(noteId -> Response.status(201).entity(Map.of("id", noteId.toString())).build());
    }

    @POST
    @Path("delete")
    public Uni<Response> delete(@PathParam("id") String id) {
        return cases.delete(current.get(), PathIds.uuid(id)).replaceWith(Response.noContent().build());
    }
}
