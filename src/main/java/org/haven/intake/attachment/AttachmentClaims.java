package org.haven.intake.attachment;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.haven.crypto.Base64Url;
import org.haven.web.Problem;

/** Reads the optional {@code attachments} member of a report or message submission: {@code [{id, token}, ...]}. */
@ApplicationScoped
public class AttachmentClaims {

    private final AttachmentLimits limits;

    public AttachmentClaims(AttachmentLimits limits) {
        this.limits = limits;
    }

    /** The claims in order; none when the member is absent or empty. */
    public List<AttachmentClaim> parse(JsonNode attachments) {
        if (attachments == null || attachments.isNull()) {
            return List.of();
        }
        if (!attachments.isArray()) {
            throw badRequest("attachments must be an array.");
        }
        if (attachments.size() > limits.maxFiles()) {
            throw AttachmentBinding.tooMany();
        }
        List<AttachmentClaim> claims = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (JsonNode entry : attachments) {
            if (!entry.isObject() || entry.size() != 2 || !entry.path("id").isTextual()
                    || !entry.path("token").isTextual()) {
                throw badRequest("Each attachment must be {id, token}.");
            }
            UUID id;
            byte[] token;
            try {
                id = UUID.fromString(entry.get("id").textValue());
                token = Base64Url.decode(entry.get("token").textValue());
            } catch (IllegalArgumentException e) {
                throw badRequest("An attachment id or token is malformed.");
            }
            if (token.length != 32 || !id.toString().equals(entry.get("id").textValue())) {
                throw badRequest("An attachment id or token is malformed.");
            }
            if (!seen.add(id)) {
                throw badRequest("An attachment is named twice.");
            }
            claims.add(new AttachmentClaim(id, token));
        }
        return List.copyOf(claims);
    }

    private static Problem badRequest(String detail) {
        return Problem.coded(400, "bad-request", "Bad request", detail);
    }
}
