package org.haven.referral.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.haven.crypto.Base64Url;
import org.haven.crypto.KeyIds;
import org.haven.crypto.SigningKeyPair;

/**
 * Haven's Ed25519 public key as the receiver pins it (docs/referral.md section 3): given once, on the command
 * line or fetched from Haven's {@code /referral/v1/signing-key}, then kept in {@code haven-key.json} in the
 * receiver's directory and used from there. A different key is refused until that file is deleted, so a
 * changed key at Haven's URL is never taken silently.
 */
final class HavenKeyPin {

    static final String FILE = "haven-key.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HavenKeyPin() {
    }

    /** The pinned key: the file's if there is one, else {@code base64Url}'s or the one fetched from {@code url}. */
    static byte[] resolve(Path directory, String base64Url, String url) {
        Path file = directory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                byte[] pinned = parse(JSON.readTree(file.toFile()), file.toString());
                if (base64Url != null && !Arrays.equals(pinned, decode(base64Url))) {
                    throw new IllegalStateException("Another Haven key is pinned in " + file
                            + "; delete that file to pin a new one");
                }
                return pinned;
            }
            byte[] key;
            if (base64Url != null) {
                key = decode(base64Url);
            } else if (url != null) {
                key = fetch(url);
            } else {
                throw new IllegalArgumentException("Give Haven's signing key: --haven-key or --haven-key-url");
            }
            Files.createDirectories(directory);
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.createObjectNode()
                    .put("keyid", KeyIds.signingKey(key)).put("alg", "ed25519").put("publicKey", Base64Url.encode(key))));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not pin Haven's key in " + file + ": " + e.getMessage(), e);
        }
    }

    /** GETs Haven's published key once, without following redirects. */
    static byte[] fetch(String url) throws IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return parse(JSON.readTree(response.body()), url);
    }

    /** {@code {"keyid", "alg": "ed25519", "publicKey"}}, with the key id that of the key. */
    private static byte[] parse(JsonNode node, String source) {
        byte[] key = decode(node.path("publicKey").asText(""));
        if (!"ed25519".equals(node.path("alg").asText()) || !KeyIds.signingKey(key).equals(node.path("keyid").asText())) {
            throw new IllegalStateException(source + " is not an Ed25519 key with its own key id");
        }
        return key;
    }

    private static byte[] decode(String base64Url) {
        byte[] key;
        try {
            key = Base64Url.decode(base64Url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Haven's key must be base64url (no padding) of 32 bytes");
        }
        if (key.length != SigningKeyPair.KEY_LENGTH) {
            throw new IllegalArgumentException("Haven's key must be base64url (no padding) of 32 bytes");
        }
        return key;
    }
}
