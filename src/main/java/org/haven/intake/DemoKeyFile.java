package org.haven.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.haven.crypto.Base64Url;

/** The dev-only demo intake key as kept on disk: key id and both halves, base64url. */
public record DemoKeyFile(String kid, String publicKey, String privateKey) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static DemoKeyFile parse(String json) {
        try {
            return JSON.readValue(json, DemoKeyFile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable demo intake key file", e);
        }
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] privateKeyBytes() {
        return Base64Url.decode(privateKey);
    }
}
