package org.haven.referral.receiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.haven.crypto.Purpose;
import org.haven.crypto.SigningKeyPair;
import org.haven.intake.attachment.PhotoCleaner;
import org.haven.referral.ReferralSamples;
import org.haven.referral.document.ReferralRequestBody;
import org.haven.testing.ForceSealedFiles;
import org.haven.testing.SamplePhotos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference receiver's side of referrals with files (docs/referral.md section 7): what it stores when the
 * files are those the document lists, and the requests it refuses, recording nothing.
 */
class ReferenceReceiverFilesTest {

    private static final SigningKeyPair HAVEN = SigningKeyPair.generate();

    @TempDir
    Path directory;

    private ReferenceReceiver receiver;
    private byte[] photo;

    @BeforeEach
    void start() throws Exception {
        receiver = new ReferenceReceiver(directory, HAVEN.publicKey()).start(0);
        photo = PhotoCleaner.clean(SamplePhotos.jpegWithGps(320, 240, 1)).bytes();
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private ReferralRequestBody.File sealed(int k, String type, byte[] content) {
        return sealed(ForceSealedFiles.neutral(k, type, content), content);
    }

    private ReferralRequestBody.File sealed(AttachmentHeader header, byte[] content) {
        return ForceSealedFiles.seal(receiver.forceKey().kid(), receiver.forceKey().publicKey(), UUID.randomUUID(),
                header, content);
    }

    /** The sample document listing {@code files} as its evidence, sealed and signed with them as Haven sends it. */
    private Delivery delivery(ObjectNode document, List<ReferralRequestBody.File> listed,
            List<ReferralRequestBody.File> carried) {
        for (ReferralRequestBody.File file : listed) {
            document.withArray("evidence").addObject().put("file", file.id().toString()).put("type", "image/jpeg")
                    .put("sha256", HexFormat.of().formatHex(ReferralRequestBody.sha256(file.sealed())));
        }
        String envelope = Envelopes.seal(Purpose.REFERRAL, receiver.forceKey().kid(), receiver.forceKey().publicKey(),
                ReferralSamples.bytes(document)).toJson();
        UUID referral = UUID.randomUUID();
        if (carried.isEmpty()) {
            return Delivery.signed(receiver.url(), envelope.getBytes(StandardCharsets.UTF_8), referral.toString(),
                    HAVEN, Instant.now());
        }
        byte[] body = ReferralRequestBody.build(referral, envelope, carried);
        return Delivery.signed(receiver.url(), body, referral.toString(), HAVEN, Instant.now())
                .withContentType(ReferralRequestBody.contentType(referral));
    }

    private Delivery delivery(List<ReferralRequestBody.File> files) {
        return delivery(ReferralSamples.validDocument(), files, files);
    }

    private void assertRefusedAndNothingRecorded(Delivery delivery, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = delivery.send();
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(List.of(), receiver.accepted());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("CRN-")).toList());
        }
    }

    @Test
    void storesTheOpenedFilesNextToTheDocumentUnderTheForcesReference() throws Exception {
        byte[] second = ForceSealedFiles.jpegLike(600_000);
        Delivery delivery = delivery(List.of(sealed(1, "image/jpeg", photo), sealed(2, "image/jpeg", second)));
        HttpResponse<String> response = delivery.send();

        assertEquals(201, response.statusCode(), response.body());
        AcceptedReferral accepted = receiver.accepted().get(0);
        assertEquals(List.of(directory.resolve("CRN-000001-evidence-1.jpg"), directory.resolve("CRN-000001-evidence-2.jpg")),
                accepted.evidence());
        assertArrayEquals(photo, Files.readAllBytes(accepted.evidence().get(0)));
        assertArrayEquals(second, Files.readAllBytes(accepted.evidence().get(1)));
        JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accepted.file().toFile());
        assertEquals(2, document.path("evidence").size());

        // A retry is answered as the first time, and a restarted receiver still knows the files.
        assertEquals(201, delivery.send().statusCode());
        receiver.stop();
        receiver = new ReferenceReceiver(directory, HAVEN.publicKey()).start(0);
        assertEquals(accepted.evidence(), receiver.accepted().get(0).evidence());
    }

    @Test
    void refusesAFileWhoseSealedBytesAreNotTheOnesTheDocumentLists() throws Exception {
        ReferralRequestBody.File file = sealed(1, "image/jpeg", photo);
        byte[] tampered = file.sealed().clone();
        tampered[5000] ^= 1;
        ReferralRequestBody.File changed = new ReferralRequestBody.File(file.id(), file.kid(), file.enc(), file.chunks(),
                tampered);
        assertRefusedAndNothingRecorded(delivery(ReferralSamples.validDocument(), List.of(file), List.of(changed)), 400);
    }

    @Test
    void refusesFilesMissingFromTheRequestOrNotListedOrInAnotherOrder() throws Exception {
        ReferralRequestBody.File one = sealed(1, "image/jpeg", photo);
        ReferralRequestBody.File two = sealed(2, "image/jpeg", photo);
        // The document lists a file, the request is a version 1 body without it.
        assertRefusedAndNothingRecorded(delivery(ReferralSamples.validDocument(), List.of(one), List.of()), 400);
        // The request carries a file the document does not list.
        assertRefusedAndNothingRecorded(delivery(ReferralSamples.validDocument(), List.of(one), List.of(one, two)), 400);
        // Both, in another order.
        assertRefusedAndNothingRecorded(delivery(ReferralSamples.validDocument(), List.of(one, two), List.of(two, one)), 400);
    }

    @Test
    void refusesAFileWhoseNameCouldSaySomethingOrThatWasNotCleanedOrIsNotTheListedType() throws Exception {
        assertRefusedAndNothingRecorded(delivery(List.of(sealed(
                new AttachmentHeader("maria-passport.jpg", "image/jpeg", photo.length, true), photo))), 400);
        assertRefusedAndNothingRecorded(delivery(List.of(sealed(
                new AttachmentHeader("evidence-1.jpg", "image/jpeg", photo.length, false), photo))), 400);
        assertRefusedAndNothingRecorded(delivery(List.of(sealed(
                new AttachmentHeader("evidence-1.png", "image/png", photo.length, true), photo))), 400);
        byte[] pdf = "%PDF-1.7 not an image".getBytes(StandardCharsets.US_ASCII);
        assertRefusedAndNothingRecorded(delivery(List.of(sealed(1, "image/jpeg", pdf))), 400);
    }

    @Test
    void refusesAFileSealedToAnotherKey() throws Exception {
        Hpke.KeyPair other = Hpke.generateKeyPair();
        ReferralRequestBody.File file = ForceSealedFiles.seal(KeyIds.forceKey(other.publicKey()), other.publicKey(),
                UUID.randomUUID(), ForceSealedFiles.neutral(1, "image/jpeg", photo), photo);
        assertRefusedAndNothingRecorded(delivery(List.of(file)), 400);
    }

    @Test
    void refusesAMultipartBodyThatIsNotExactlyTheFormat() throws Exception {
        ReferralRequestBody.File file = sealed(1, "image/jpeg", photo);
        Delivery valid = delivery(List.of(file));
        List<byte[]> broken = new ArrayList<>();
        byte[] body = valid.body();
        broken.add(java.util.Arrays.copyOf(body, body.length - 1000)); // a file part cut short
        byte[] extra = new byte[body.length + 10];
        System.arraycopy(body, 0, extra, 0, body.length);
        broken.add(extra); // bytes after the last boundary
        broken.add(new String(body, StandardCharsets.ISO_8859_1)
                .replace("Content-Type: application/octet-stream", "Content-Type: image/jpeg")
                .getBytes(StandardCharsets.ISO_8859_1)); // a part type that says what the file is
        for (byte[] changed : broken) {
            Delivery delivery = Delivery.signed(receiver.url(), changed, UUID.randomUUID().toString(), HAVEN,
                    Instant.now()).withContentType(valid.contentType());
            assertRefusedAndNothingRecorded(delivery, 400);
        }
        assertTrue(valid.send().statusCode() == 201, "the unbroken body is accepted");
    }
}
