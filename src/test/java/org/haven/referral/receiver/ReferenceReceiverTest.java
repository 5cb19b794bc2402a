package org.haven.referral.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.haven.crypto.Envelopes;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.haven.crypto.MessageSignatures;
import org.haven.crypto.Purpose;
import org.haven.crypto.SigningKeyPair;
import org.haven.referral.ReferralSamples;
import org.haven.referral.document.ReferralSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceReceiverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SigningKeyPair HAVEN = SigningKeyPair.generate();

    @TempDir
    Path directory;

    private ReferenceReceiver receiver;

    @BeforeEach
    void start() {
        receiver = new ReferenceReceiver(directory, HAVEN.publicKey()).start(0);
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private Delivery delivery(JsonNode document) {
        return Delivery.of(receiver.url(), HAVEN, receiver.forceKey().kid(), receiver.forceKey().publicKey(),
                ReferralSamples.bytes(document));
    }

    private Delivery delivery() {
        return delivery(ReferralSamples.validDocument());
    }

    private static String reference(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("reference").asText();
    }

    private List<Path> referralFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("CRN-")).sorted().toList();
        }
    }

    private void assertNothingRecorded() throws IOException {
        assertEquals(List.of(), receiver.accepted());
        assertEquals(List.of(), referralFiles());
        try (Stream<Path> keys = Files.list(directory.resolve(ReceivedReferrals.KEYS))) {
            assertEquals(0, keys.count());
        }
    }

    @Test
    void acceptsASealedSignedReferralAndWritesItAsPrettyJson() throws Exception {
        ObjectNode document = ReferralSamples.validDocument();
        Delivery delivery = delivery(document);
        HttpResponse<String> response = delivery.send();

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("{\"reference\":\"CRN-000001\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        Path file = directory.resolve("CRN-000001.json");
        assertEquals(List.of(file), referralFiles());
        String written = Files.readString(file);
        assertEquals(document, JSON.readTree(written));
        assertTrue(written.contains("\n  \"schema\" : \"haven.referral/1\""), written);
        AcceptedReferral accepted = receiver.accepted().get(0);
        assertEquals(delivery.idempotencyKey(), accepted.idempotencyKey());
        assertEquals("CRN-000001", accepted.reference());
        assertEquals(delivery.contentDigest(), accepted.contentDigest());
        try (Stream<Path> leftovers = Files.list(directory)) {
            assertTrue(leftovers.noneMatch(f -> f.getFileName().toString().startsWith(".tmp-")));
        }
    }

    @Test
    void answersADuplicateAsTheFirstTimeAndRecordsNothingNew() throws Exception {
        Delivery delivery = delivery();
        HttpResponse<String> first = delivery.send();
        HttpResponse<String> again = delivery.send();
        assertEquals(201, again.statusCode());
        assertEquals(first.body(), again.body());
        assertEquals(1, receiver.accepted().size());
        assertEquals(1, referralFiles().size());

        HttpResponse<String> other = delivery().send();
        assertEquals("CRN-000002", reference(other));
    }

    @Test
    void keepsDedupeAndNumberingAcrossARestart() throws Exception {
        Delivery delivery = delivery();
        String firstReference = reference(delivery.send());
        String kid = receiver.forceKey().kid();
        int port = receiver.port();
        receiver.stop();

        receiver = new ReferenceReceiver(directory, HAVEN.publicKey()).start(port);
        assertEquals(kid, receiver.forceKey().kid(), "the force key is made once");
        assertFalse(receiver.forceKey().created());
        HttpResponse<String> retried = delivery.send();
        assertEquals(201, retried.statusCode());
        assertEquals(firstReference, reference(retried));
        assertEquals(1, referralFiles().size());
        assertEquals(1, receiver.accepted().size());
        assertEquals("CRN-000002", reference(delivery().send()));
    }

    @Test
    void refusesABodyThatIsNotTheDigestedOne() throws Exception {
        Delivery delivery = delivery();
        byte[] changed = delivery.body().clone();
        changed[40] ^= 1;
        HttpResponse<String> response = delivery.withBody(changed).send();
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("Content-Digest"), response.body());
        assertEquals(400, delivery.withContentDigest(null).send().statusCode());
        assertEquals(400, delivery.withContentDigest("sha-256=:AAAA:").send().statusCode());
        assertNothingRecorded();
    }

    @Test
    void refusesABodyWhoseDigestWasRecomputedButNotSigned() throws Exception {
        Delivery delivery = delivery();
        Delivery other = delivery();
        HttpResponse<String> response = delivery.withBody(other.body()).withContentDigest(other.contentDigest()).send();
        assertEquals(401, response.statusCode());
        assertNothingRecorded();
    }

    @Test
    void refusesABadSignature() throws Exception {
        Delivery delivery = delivery();
        String signature = delivery.signature();
        char flipped = signature.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = signature.substring(0, 10) + flipped + signature.substring(11);
        assertEquals(401, delivery.withSignature(delivery.signatureInput(), tampered).send().statusCode());
        assertEquals(401, delivery.withSignature(null, null).send().statusCode());
        assertEquals(401, delivery.withSignature(delivery.signatureInput().replace("ed25519", "rsa-pss-sha512"),
                signature).send().statusCode());
        assertNothingRecorded();
    }

    @Test
    void refusesASignatureByAnotherKeyOrForAnotherUrlOrTime() throws Exception {
        SigningKeyPair impostor = SigningKeyPair.generate();
        Delivery delivery = delivery();
        Delivery byImpostor = Delivery.signed(receiver.url(), delivery.body(), delivery.idempotencyKey(), impostor,
                Instant.now());
        HttpResponse<String> response = byImpostor.send();
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("keyid"), response.body());
        Delivery relabelled = byImpostor.withSignature(
                byImpostor.signatureInput().replace(impostor.keyId(), HAVEN.keyId()), byImpostor.signature());
        assertEquals(401, relabelled.send().statusCode());

        Delivery elsewhere = Delivery.signed("https://force.example/referrals", delivery.body(),
                delivery.idempotencyKey(), HAVEN, Instant.now());
        assertEquals(401, elsewhere.withUrl(receiver.url()).send().statusCode());
        Delivery stale = Delivery.signed(receiver.url(), delivery.body(), delivery.idempotencyKey(), HAVEN,
                Instant.now().minus(Duration.ofMinutes(6)));
        assertEquals(401, stale.send().statusCode());
        Delivery early = Delivery.signed(receiver.url(), delivery.body(), delivery.idempotencyKey(), HAVEN,
                Instant.now().plus(Duration.ofMinutes(6)));
        assertEquals(401, early.send().statusCode());
        assertNothingRecorded();

        Delivery slightlySkewed = Delivery.signed(receiver.url(), delivery.body(), delivery.idempotencyKey(), HAVEN,
                Instant.now().minus(Duration.ofMinutes(4)));
        assertEquals(201, slightlySkewed.send().statusCode());
    }

    @Test
    void refusesAnEnvelopeForAnotherKeyWith400() throws Exception {
        byte[] document = ReferralSamples.bytes(ReferralSamples.validDocument());
        Hpke.KeyPair otherForce = Hpke.generateKeyPair();
        String otherKid = KeyIds.forceKey(otherForce.publicKey());
        HttpResponse<String> forOther = Delivery.of(receiver.url(), HAVEN, otherKid, otherForce.publicKey(), document)
                .send();
        assertEquals(400, forOther.statusCode());
        assertTrue(forOther.body().contains(receiver.forceKey().kid()), forOther.body());

        HttpResponse<String> mislabelled = Delivery.of(receiver.url(), HAVEN, receiver.forceKey().kid(),
                otherForce.publicKey(), document).send();
        assertEquals(400, mislabelled.statusCode());

        byte[] asReport = Envelopes.seal(Purpose.REPORT, receiver.forceKey().kid(), receiver.forceKey().publicKey(),
                document).toJson().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> wrongPurpose = Delivery.signed(receiver.url(), asReport, UUID.randomUUID().toString(),
                HAVEN, Instant.now()).send();
        assertEquals(400, wrongPurpose.statusCode());

        HttpResponse<String> notAnEnvelope = Delivery.signed(receiver.url(), "{\"v\":1}".getBytes(StandardCharsets.UTF_8),
                UUID.randomUUID().toString(), HAVEN, Instant.now()).send();
        assertEquals(400, notAnEnvelope.statusCode());
        assertNothingRecorded();
    }

    @Test
    void refusesASchemaViolationWith422ListingPointersOnly() throws Exception {
        ObjectNode document = ReferralSamples.validDocument();
        ((ObjectNode) document.get("location")).put("postcodeDistrict", "E1 6AN");
        ((ObjectNode) document.get("event")).put("nationality", "Ruritanian");
        List<String> expected = ReferralSchema.check(document, ReferralSchema.today()).stream()
                .map(ReferralSchema.Violation::path).toList();
        assertFalse(expected.isEmpty());

        HttpResponse<String> response = delivery(document).send();
        assertEquals(422, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(Set.of("violations"), Set.copyOf(iterable(body.fieldNames())));
        List<String> pointers = new ArrayList<>();
        body.get("violations").forEach(p -> pointers.add(p.asText()));
        assertEquals(expected, pointers);
        assertFalse(response.body().contains("6AN") || response.body().contains("Ruritanian"), response.body());

        HttpResponse<String> notJson = sealing("not json").send();
        assertEquals(422, notJson.statusCode());
        assertEquals("{\"violations\":[\"\"]}", notJson.body());
        assertNothingRecorded();
    }

    /** A correctly sealed and signed delivery of arbitrary plaintext. */
    private Delivery sealing(String plaintext) {
        return Delivery.of(receiver.url(), HAVEN, receiver.forceKey().kid(), receiver.forceKey().publicKey(),
                plaintext.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    @Test
    void answersOtherPathsMethodsAndTypesAsHttpDoes() throws Exception {
        Delivery delivery = delivery();
        assertEquals(404, delivery.withUrl(receiver.url() + "/x").send().statusCode());
        assertEquals(404, delivery.withUrl("http://localhost:" + receiver.port() + "/").send().statusCode());
        HttpResponse<String> get = Delivery.CLIENT.send(HttpRequest.newBuilder(URI.create(receiver.url())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        assertEquals(415, delivery.withContentType("text/plain").send().statusCode());
        assertEquals(415, delivery.withContentType(null).send().statusCode());
        assertEquals(201, delivery.withContentType("application/json; charset=utf-8").send().statusCode());
    }

    @Test
    void refusesAMissingOrMalformedIdempotencyKey() throws Exception {
        Delivery valid = delivery();
        for (String key : new String[] { null, "", "not-a-uuid", "../../etc/passwd" }) {
            Delivery delivery = new Delivery(valid.url(), valid.body(), valid.contentType(), key,
                    valid.contentDigest(), valid.signatureInput(), valid.signature());
            assertEquals(400, delivery.send().statusCode(), String.valueOf(key));
        }
        assertNothingRecorded();
    }

    @Test
    void refusesABodyOverTheSizeCapWith413() throws Exception {
        try (Socket socket = new Socket("localhost", receiver.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /referrals HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (ReferenceReceiver.MAX_BODY_BYTES + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", status);
        }
        byte[] large = new byte[ReferenceReceiver.MAX_BODY_BYTES + 1];
        HttpResponse<String> response;
        try {
            response = delivery().withBody(large).send();
            assertEquals(413, response.statusCode());
        } catch (IOException e) {
            // the receiver may close the connection before the client has sent it all; refused either way
        }
        assertNothingRecorded();
    }

    @Test
    void handlesConcurrentDeliveriesOfOneReferralOnce() throws Exception {
        Delivery same = delivery();
        List<Delivery> distinct = List.of(delivery(), delivery(), delivery());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<String>>> sameAnswers = new ArrayList<>();
            List<Future<HttpResponse<String>>> distinctAnswers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sameAnswers.add(pool.submit(() -> same.send()));
            }
            for (Delivery d : distinct) {
                distinctAnswers.add(pool.submit(() -> d.send()));
            }
            Set<String> sameReferences = sameAnswers.stream().map(f -> body(f)).collect(Collectors.toSet());
            Set<String> distinctReferences = distinctAnswers.stream().map(f -> body(f)).collect(Collectors.toSet());
            assertEquals(1, sameReferences.size(), sameReferences.toString());
            assertEquals(3, distinctReferences.size());
            assertFalse(distinctReferences.containsAll(sameReferences));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, receiver.accepted().size());
        assertEquals(4, referralFiles().size());
    }

    private static String body(Future<HttpResponse<String>> answer) {
        try {
            HttpResponse<String> response = answer.get();
            assertEquals(201, response.statusCode(), response.body());
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void testHooksFailThenRecover() throws Exception {
        Delivery delivery = delivery();
        receiver.faults().failNext(2, 503);
        assertEquals(503, delivery.send().statusCode());
        assertEquals(503, delivery.send().statusCode());
        assertNothingRecorded();
        assertEquals(201, delivery.send().statusCode());
        assertEquals(3, receiver.requestCount());
    }

    @Test
    void testHooksLoseAnAnswerAfterRecording() throws Exception {
        Delivery delivery = delivery();
        receiver.faults().loseNextAnswers(1, 500);
        assertEquals(500, delivery.send().statusCode());
        assertEquals(1, receiver.accepted().size(), "recorded although the answer was lost");
        HttpResponse<String> retry = delivery.send();
        assertEquals(201, retry.statusCode());
        assertEquals("CRN-000001", reference(retry));
        assertEquals(1, referralFiles().size());
    }

    @Test
    void testHooksDelayAnswersPastTheClientsTimeout() throws Exception {
        Delivery delivery = delivery();
        receiver.faults().delayAnswers(Duration.ofSeconds(2));
        assertThrows(HttpTimeoutException.class, () -> delivery.send(Duration.ofMillis(300)));
        receiver.faults().clear();
        HttpResponse<String> retry = delivery.send();
        assertEquals(201, retry.statusCode());
        assertEquals(1, referralFiles().size());
    }

    @Test
    void testHooksRefuseConnectionsOnTheSamePort() throws Exception {
        Delivery delivery = delivery();
        int port = receiver.port();
        receiver.faults().refuseConnections();
        assertThrows(ConnectException.class, delivery::send);
        receiver.faults().acceptConnections();
        assertEquals(port, receiver.port());
        assertEquals(201, delivery.send().statusCode());
    }
}
