package org.haven.intake.attachment;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Hpke;
import org.haven.web.Problem;

/** The reporter's upload API (docs/attachments.md section 7). No cookies: the upload token is the only key. */
@Path("/api/attachments")
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentApi {

    static final String TOKEN_HEADER = "Haven-Upload-Token";
    private static final Set<String> CREATE_FIELDS = Set.of("kid", "enc", "chunks");

    private final AttachmentUploads uploads;
    private final AttachmentLimits limits;

    public AttachmentApi(AttachmentUploads uploads, AttachmentLimits limits) {
        this.uploads = uploads;
        this.limits = limits;
    }

    @GET
    @Path("/limits")
    public Map<String, Object> limits() {
        return limits.forPages();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != CREATE_FIELDS.size()
                || !CREATE_FIELDS.stream().allMatch(body::has)) {
            throw badRequest("Expected exactly kid, enc and chunks.");
        }
        String kid = body.get("kid").isTextual() ? body.get("kid").textValue() : "";
        if (!Envelope.isKid(kid)) {
            throw badRequest("kid is malformed.");
        }
        byte[] enc;
        try {
            enc = body.get("enc").isTextual() ? Base64Url.decode(body.get("enc").textValue()) : null;
        } catch (IllegalArgumentException e) {
            enc = null;
        }
        if (enc == null || !Hpke.isPublicKey(enc)) {
            throw badRequest("enc must be an uncompressed P-256 point.");
        }
        JsonNode chunks = body.get("chunks");
        if (!chunks.isInt() || chunks.intValue() < 2) {
            throw badRequest("chunks must be an integer of at least 2.");
        }
        return uploads.create(kid, enc, chunks.intValue()).map(created -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", created.id().toString());
            answer.put("token", created.token());
            answer.putAll(limits.forPages());
            return Response.status(201).entity(answer).header("Cache-Control", "no-store").build();
        });
    }

    @PUT
    @Path("/{id}/chunks/{index}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> put(@PathParam("id") String id, @PathParam("index") String index,
            @HeaderParam(TOKEN_HEADER) String token, byte[] body) {
        return uploads.put(uuid(id), AttachmentUploads.token(token), index(index), body)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> status(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token) {
        return uploads.status(uuid(id), AttachmentUploads.token(token)).map(status -> Response.ok(Map.of(
                "chunks", status.chunks(), "missing", status.missing(), "bound", status.bound()))
                .header("Cache-Control", "no-store").build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(TOKEN_HEADER) String token) {
        return uploads.delete(uuid(id), AttachmentUploads.token(token)).replaceWith(Response.noContent().build());
    }

    /** Ids in paths: anything that is not a lowercase UUID matches nothing. */
    static UUID uuid(String id) {
        try {
            UUID parsed = UUID.fromString(id);
            if (parsed.toString().equals(id)) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // falls through to not found
        }
        throw AttachmentUploads.notFound();
    }

    private static int index(String index) {
        if (index == null || !index.matches("0|[1-9][0-9]{0,8}")) {
            throw AttachmentUploads.notFound();
        }
        return Integer.parseInt(index);
    }

    private static Problem badRequest(String detail) {
        return Problem.coded(400, "bad-request", "Bad request", detail);
    }
}
