package org.haven.referral;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.haven.casework.StaffClient;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentSealer;
import org.haven.crypto.Base64Url;
import org.haven.referral.document.ReferralRequestBody;
import org.haven.testing.ForceSealedFiles;

/**
 * Uploads referral files through the staff API (docs/referral.md section 7.1) as a caseworker's browser does:
 * create with the sealer's {@code enc}, then seal under the id the server gave and put every chunk.
 */
public record TestReferralFiles(StaffClient.Session session) {

    /** {@code content} sealed as the report's k-th referral file (a JPEG, neutral name) to a force key, uploaded. */
    public UUID upload(UUID report, int k, byte[] content, String kid, byte[] forcePublicKey) {
        AttachmentSealer sealer = AttachmentSealer.to(kid, forcePublicKey);
        AttachmentHeader header = ForceSealedFiles.neutral(k, "image/jpeg", content);
        UUID id = create(report, sealer, AttachmentFormat.chunkCount(header.size()));
        ReferralRequestBody.File sealed = ForceSealedFiles.seal(sealer, id, header, content);
        for (int i = 0; i < sealed.chunks(); i++) {
            given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                    .contentType(ContentType.BINARY).body(sealed.chunk(i))
                    .put("/casework/api/reports/" + report + "/referral-files/" + id + "/chunks/" + i)
                    .then().statusCode(204);
        }
        return id;
    }

    /** Creates an upload and puts no chunk. */
    public UUID create(UUID report, AttachmentSealer sealer, int chunks) {
        String id = given().cookie(StaffClient.COOKIE, session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON)
                .body(Map.of("kid", sealer.kid(), "enc", Base64Url.encode(sealer.enc()), "chunks", chunks))
                .post("/casework/api/reports/" + report + "/referral-files")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }
}
