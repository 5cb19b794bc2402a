package org.haven.referral.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.haven.crypto.SigningKeyPair;
import org.haven.referral.ReferralSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceReceiverCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void makesTheForceKeyOnceAndPrintsWhatHavensAdminNeeds() throws Exception {
        SigningKeyPair haven = SigningKeyPair.generate();
        ReferenceReceiver receiver = ReceiverCommand.start(new String[] { "--dir", directory.toString(), "--port", "0",
            "--bind", "127.0.0.1", "--haven-key", Base64Url.encode(haven.publicKey()) }, out);
        try {
            JsonNode key = JSON.readTree(directory.resolve(ForceKey.FILE).toFile());
            byte[] publicKey = Base64Url.decode(key.get("publicKey").asText());
            assertEquals(Hpke.PUBLIC_KEY_LENGTH, publicKey.length);
            assertEquals(KeyIds.forceKey(publicKey), key.get("kid").asText());
            assertEquals(Hpke.PRIVATE_KEY_LENGTH, Base64Url.decode(key.get("privateKey").asText()).length);
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(directory.resolve(ForceKey.FILE))));
            String text = printed.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(key.get("kid").asText()) && text.contains(key.get("publicKey").asText()), text);
            assertTrue(!text.contains(key.get("privateKey").asText()), "the private key is never printed");
            assertTrue(text.contains(haven.keyId()), text);

            String url = "http://127.0.0.1:" + receiver.port() + "/referrals";
            Delivery delivery = Delivery.of(url, haven, receiver.forceKey().kid(), receiver.forceKey().publicKey(),
                    ReferralSamples.bytes(ReferralSamples.validDocument()));
            assertEquals(201, delivery.send().statusCode());
        } finally {
            receiver.stop();
        }
    }

    @Test
    void pinsHavensKeyFromItsUrlOnceAndRefusesAnotherLater() throws Exception {
        SigningKeyPair haven = SigningKeyPair.generate();
        HttpServer havenSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        havenSite.createContext("/referral/v1/signing-key", exchange -> {
            byte[] body = JSON.createObjectNode().put("keyid", haven.keyId()).put("alg", "ed25519")
                    .put("publicKey", Base64Url.encode(haven.publicKey())).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        havenSite.start();
        String keyUrl = "http://127.0.0.1:" + havenSite.getAddress().getPort() + "/referral/v1/signing-key";
        try {
            ReceiverCommand.start(new String[] { "--dir", directory.toString(), "--port", "0", "--bind", "127.0.0.1",
                "--haven-key-url", keyUrl }, out).stop();
        } finally {
            havenSite.stop(0);
        }
        JsonNode pin = JSON.readTree(directory.resolve(HavenKeyPin.FILE).toFile());
        assertEquals(haven.keyId(), pin.get("keyid").asText());

        // Haven's site is gone: the pinned key is used without asking it again.
        ReceiverCommand.start(new String[] { "--dir", directory.toString(), "--port", "0", "--bind", "127.0.0.1",
            "--haven-key-url", keyUrl }, out).stop();
        String other = Base64Url.encode(SigningKeyPair.generate().publicKey());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ReceiverCommand.start(
                new String[] { "--dir", directory.toString(), "--port", "0", "--haven-key", other }, out));
        assertTrue(refused.getMessage().contains(HavenKeyPin.FILE), refused.getMessage());
    }

    @Test
    void refusesABadCommandLine() {
        assertNull(ReceiverCommand.start(new String[] { "--help" }, out));
        String key = Base64Url.encode(SigningKeyPair.generate().publicKey());
        for (String[] args : new String[][] { {}, { "--haven-key", key }, { "--dir", directory.toString() },
            { "--dir", directory.toString(), "--haven-key", "not base64url!" },
            { "--dir", directory.toString(), "--haven-key", key, "--haven-key-url", "http://x" },
            { "--dir", directory.toString(), "--haven-key", key, "--colour", "blue" },
            { "--dir", directory.toString(), "--haven-key" } }) {
            assertThrows(IllegalArgumentException.class, () -> ReceiverCommand.start(args, out), String.join(" ", args));
        }
    }
}
