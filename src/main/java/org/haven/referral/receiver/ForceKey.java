package org.haven.referral.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;

/**
 * The force's HPKE P-256 key pair (docs/referral.md section 3), made on first run and kept in
 * {@code force-key.json} in the receiver's directory as {@code {"kid", "publicKey", "privateKey"}} (base64url of
 * the 65-byte point and the 32-byte scalar), readable by its owner only. The private key never leaves the file
 * and this object.
 */
public final class ForceKey {

    static final String FILE = "force-key.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kid;
    private final byte[] publicKey;
    private final byte[] privateKey;
    private final boolean created;

    private ForceKey(byte[] publicKey, byte[] privateKey, boolean created) {
        this.kid = KeyIds.forceKey(publicKey);
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.created = created;
    }

    /** Reads the key pair from {@code directory}, making and writing a new one if there is none. */
    static ForceKey loadOrCreate(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Hpke.KeyPair pair = Hpke.generateKeyPair();
            ForceKey key = new ForceKey(pair.publicKey(), pair.privateKey(), true);
            byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.createObjectNode()
                    .put("kid", key.kid)
                    .put("publicKey", Base64Url.encode(key.publicKey))
                    .put("privateKey", Base64Url.encode(key.privateKey)));
            AtomicFiles.write(file, json);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the force key in " + file, e);
        }
    }

    private static ForceKey read(Path file) throws IOException {
        JsonNode node = JSON.readTree(file.toFile());
        try {
            byte[] privateKey = Base64Url.decode(node.path("privateKey").asText(null));
            byte[] publicKey = Base64Url.decode(node.path("publicKey").asText(null));
            if (!Arrays.equals(Hpke.publicKeyOf(privateKey), publicKey)) {
                throw new IllegalStateException(file + ": publicKey is not the public half of privateKey");
            }
            ForceKey key = new ForceKey(publicKey, privateKey, false);
            if (!key.kid.equals(node.path("kid").asText(null))) {
                throw new IllegalStateException(file + ": kid is not the key id of publicKey");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a force key file (kid, publicKey, privateKey)", e);
        }
    }

    /** {@code f-} + a fingerprint of the public key; the {@code kid} every envelope for this force carries. */
    public String kid() {
        return kid;
    }

    /** The 65-byte uncompressed P-256 point Haven's admin enters for the force. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicKeyBase64Url() {
        return Base64Url.encode(publicKey);
    }

    /** Whether this run made the key (and the force still has to give it to Haven's admin). */
    public boolean created() {
        return created;
    }

    byte[] privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "ForceKey[" + kid + "]";
    }
}
