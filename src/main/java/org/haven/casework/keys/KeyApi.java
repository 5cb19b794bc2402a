package org.haven.casework.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.haven.casework.account.CurrentStaff;
import org.haven.crypto.Base64Url;
import org.haven.crypto.ReceiptKeys;
import org.haven.web.Problem;

/**
 * The signed-in staff member's own key material, as the browser needs it to unlock: the wrapped personal
 * key and the grants sealed to it. The server cannot open either.
 */
@NonBlocking
@Path("/casework/api/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyApi {

    private final CurrentStaff current;
    private final KeyRepositories.StaffKeys staffKeys;
    private final KeyRepositories.Grants grants;

    public KeyApi(CurrentStaff current, KeyRepositories.StaffKeys staffKeys, KeyRepositories.Grants grants) {
        this.current = current;
        this.staffKeys = staffKeys;
        this.grants = grants;
    }

    @GET
    @Path("mine")
    @WithSession
    public Uni<Map<String, Object>> mine() {
        var me = current.get();
        return staffKeys.findById(me.accountId()).chain(key -> grants.forAccount(me.accountId()).map(list -> {
            if (key == null) {
                throw Problem.notFound();
            }
            List<Map<String, String>> sealed = list.stream()
                    .map(g -> Map.of("kid", g.key.kid, "envelope", g.envelope)).toList();
            return Map.<String, Object>of("publicKey", Base64Url.encode(key.publicKey),
                    "wrappedPrivateKey", key.wrappedPrivateKey, "grants", sealed);
        }));
    }

    /** Stores the key pair made in the browser at first sign-in: public key and wrapped private key only. */
    @POST
    @Path("mine")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<Response> create(JsonNode body) {
        var me = current.get();
        byte[] publicKey;
        String wrapped;
        try {
            publicKey = Base64Url.decode(body.path("publicKey").asText(""));
            wrapped = ReceiptKeys.WrappedKey.parse(body.path("wrappedPrivateKey").toString()).toJson();
        } catch (RuntimeException e) {
            throw Problem.badRequest("publicKey must be base64url and wrappedPrivateKey a wrapped key.");
        }
        if (publicKey.length != 65 || publicKey[0] != 0x04) {
            throw Problem.badRequest("publicKey must be an uncompressed P-256 point.");
        }
        return staffKeys.findById(me.accountId()).chain(existing -> {
            if (existing != null) {
                throw new Problem(409, "Conflict", "You already have a key. An admin can reset it.");
            }
            StaffKey key = new StaffKey();
            key.accountId = me.accountId();
            key.publicKey = publicKey;
            key.wrappedPrivateKey = wrapped;
            key.createdAt = Instant.now();
            return staffKeys.persist(key).replaceWith(Response.status(201).build());
        });
    }
}
