package org.haven.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.UUID;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentSealer;
import org.haven.referral.document.ReferralRequestBody;

/**
 * Files sealed to a force's key as a caseworker's browser seals them for a referral (docs/referral.md section 7),
 * with Haven's Java sealer: the attachment format, the force key id in the AAD, a neutral name in the header.
 */
public final class ForceSealedFiles {

    private ForceSealedFiles() {
    }

    /** The header a referral's k-th file (from 1) carries: {@code evidence-k.jpg} or {@code .png}, cleaned. */
    public static AttachmentHeader neutral(int k, String type, byte[] content) {
        return new AttachmentHeader("evidence-" + k + ("image/png".equals(type) ? ".png" : ".jpg"), type,
                content.length, true);
    }

    public static ReferralRequestBody.File seal(String kid, byte[] forcePublicKey, UUID id, AttachmentHeader header,
            byte[] content) {
        return seal(AttachmentSealer.to(kid, forcePublicKey), id, header, content);
    }

    /** With a sealer whose {@code enc} was already given out (the upload API assigns the id after create). */
    public static ReferralRequestBody.File seal(AttachmentSealer sealer, UUID id, AttachmentHeader header, byte[] content) {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try {
            sealer.seal(id, header, new ByteArrayInputStream(content), (index, chunk) -> sealed.write(chunk));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReferralRequestBody.File(id, sealer.kid(), sealer.enc(), AttachmentFormat.chunkCount(header.size()),
                sealed.toByteArray());
    }

    /** {@code size} bytes that start as a JPEG does and are random after: large files without encoding an image. */
    public static byte[] jpegLike(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        return bytes;
    }
}
