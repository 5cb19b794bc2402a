package org.haven.casework.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Envelope;
import org.haven.crypto.Hpke;
import org.haven.referral.ReferralFiles;
import org.haven.web.Problem;

/**
 * Uploads of case files sealed again by the caseworker's browser to a force's key, before the referral that
 * carries them is proposed (docs/referral.md section 7.1). Gated by StaffGate (CSRF on POST and PUT).
 */
@NonBlocking
@Path("/casework/api/reports/{id}/referral-files")
@Produces(MediaType.APPLICATION_JSON)
public class ReferralFileApi {

    private static final Set<String> CREATE_FIELDS = Set.of("kid", "enc", "chunks");

    private final ReferralFiles files;

    public ReferralFileApi(ReferralFiles files) {
        this.files = files;
    }

    /** {@code {"kid": <force key id>, "enc": <base64url>, "chunks": n}} gives {@code 201 {"id"}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject() || body.size() != CREATE_FIELDS.size()
                || !CREATE_FIELDS.stream().allMatch(body::has)) {
            throw badRequest("Expected exactly kid, enc and chunks.");
        }
        String kid = body.get("kid").isTextual() ? body.get("kid").textValue() : "";
        byte[] enc;
        try {
            enc = body.get("enc").isTextual() ? Base64Url.decode(body.get("enc").textValue()) : null;
        } catch (IllegalArgumentException e) {
            enc = null;
        }
        if (!Envelope.isKid(kid) || enc == null || !Hpke.isPublicKey(enc)) {
            throw badRequest("kid must be a force key id and enc an uncompressed P-256 point.");
        }
        if (!body.get("chunks").isInt() || body.get("chunks").intValue() < 2) {
            throw badRequest("chunks must be an integer of at least 2.");
        }
        return files.create(PathIds.uuid(id), kid, enc, body.get("chunks").intValue())
                .map(created -> Response.status(201).entity(Map.of("id", created.toString(),
                        "chunkBytes", AttachmentFormat.CHUNK_BYTES, "maxFiles", ReferralFiles.MAX_FILES,
                        "maxDataChunks", ReferralFiles.MAX_DATA_CHUNKS)).build());
    }

    @PUT
    @Path("{attachment}/chunks/{index}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> put(@PathParam("id") String id, @PathParam("attachment") String file,
            @PathParam("index") String index, byte[] body) {
        if (index == null || !index.matches("0|[1-9][0-9]{0,8}")) {
            throw Problem.notFound();
        }
        return files.put(PathIds.uuid(id), PathIds.uuid(file), Integer.parseInt(index), body)
                .replaceWith(Response.noContent().build());
    }

    private static Problem badRequest(String detail) {
        return Problem.coded(400, "bad-request", "Bad request", detail);
    }
}
