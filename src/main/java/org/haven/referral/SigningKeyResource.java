package org.haven.referral;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * Haven's referral signing public key, for forces to pin (docs/referral.md, "Keys"). Public and read-only:
 * it says nothing about any report, and is the only referral path that answers anyone outside Haven.
 */
@Path("/referral/v1/signing-key")
public class SigningKeyResource {

    private final SigningKeyInfo key;

    public SigningKeyResource(SigningKeyInfo key) {
        this.key = key;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> get() {
        return Map.of("keyid", key.keyId(), "alg", "ed25519", "publicKey", key.publicKeyBase64Url());
    }
}
