package org.haven.intake.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.haven.crypto.Base64Url;

/**
 * A file the no-JavaScript reporter has already sent, sealed and stored as an unbound upload, carried from page
 * to page in one hidden field (review, change, send) so that nothing uploaded is lost. Its name is in that field
 * only to be shown back to the reporter: the server keeps it nowhere but inside the sealed header.
 *
 * @param chunks the sealed file's chunk count, for the page's total (the binding checks the stored one)
 * @param cleaned whether location and device details were removed; if not, the reporter must choose to send it
 */
public record HeldFile(UUID id, String token, int chunks, boolean cleaned, String name) {

    /** The hidden field's value: {@code id.token.chunks.c|u.base64url(name)}. */
    public String hidden() {
        return id + "." + token + "." + chunks + "." + (cleaned ? "c" : "u") + "."
                + Base64Url.encode(name.getBytes(StandardCharsets.UTF_8));
    }

    /** A posted hidden field; empty for anything malformed (a tampered page), which is then simply dropped. */
    public static Optional<HeldFile> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 5 || !("c".equals(parts[3]) || "u".equals(parts[3]))) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(parts[0]);
            if (!id.toString().equals(parts[0]) || Base64Url.decode(parts[1]).length != 32) {
                return Optional.empty();
            }
            int chunks = Integer.parseInt(parts[2]);
            String name = new String(Base64Url.decode(parts[4]), StandardCharsets.UTF_8);
            return chunks < 2 ? Optional.empty() : Optional.of(new HeldFile(id, parts[1], chunks, "c".equals(parts[3]), name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public AttachmentClaim claim() {
        return new AttachmentClaim(id, Base64Url.decode(token));
    }
}
