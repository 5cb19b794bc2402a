package org.haven.referral.forces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.haven.crypto.Base64Url;
import org.haven.crypto.Hpke;
import org.haven.crypto.KeyIds;
import org.junit.jupiter.api.Test;

/** The force settings rules on their own: endpoint URLs, public keys, and switching a force on. */
class ForceFormTest {

    private static final EndpointRule HTTPS_ONLY = new EndpointRule(false);
    private static final EndpointRule PLAIN_HTTP_ALLOWED = new EndpointRule(true);

    @Test
    void acceptsAbsoluteHttpsUrlsWithAHost() {
        for (String url : List.of("https://referrals.force.example/haven", "https://force.example",
                "https://force.example:8443/in?from=haven", "https://[2001:db8::1]/referrals")) {
            assertEquals(Optional.empty(), HTTPS_ONLY.problem(url), url);
        }
    }

    @Test
    void rejectsPlainHttpUnlessAllowed() {
        assertEquals(Optional.of("forces.error.endpoint-https"), HTTPS_ONLY.problem("http://force.example/haven"));
        assertEquals(Optional.empty(), PLAIN_HTTP_ALLOWED.problem("http://127.0.0.1:8093/referrals"));
        // Allowing plain HTTP allows nothing else.
        assertEquals(Optional.of("forces.error.endpoint-form"), PLAIN_HTTP_ALLOWED.problem("ftp://force.example/x"));
    }

    @Test
    void rejectsUrlsThatAreNotAbsoluteHttpsWithAHost() {
        assertEquals(Optional.of("forces.error.endpoint-https"), HTTPS_ONLY.problem("force.example/haven"));
        assertEquals(Optional.of("forces.error.endpoint-https"), HTTPS_ONLY.problem("HTTPS://force.example/haven"));
        assertEquals(Optional.of("forces.error.endpoint-form"), HTTPS_ONLY.problem("ftp://force.example/haven"));
        assertEquals(Optional.of("forces.error.endpoint-form"), HTTPS_ONLY.problem("https:force.example"));
        assertEquals(Optional.of("forces.error.endpoint-form"), HTTPS_ONLY.problem("https:///haven"));
        assertEquals(Optional.of("forces.error.endpoint-form"), HTTPS_ONLY.problem("https://force example/haven"));
        assertEquals(Optional.of("forces.error.endpoint-form"), HTTPS_ONLY.problem("https://forcé.example/haven"));
        assertEquals(Optional.of("forces.error.endpoint-form"), HTTPS_ONLY.problem("https://force.example/ha ven"));
    }

    @Test
    void rejectsUserInfoFragmentsAndOverlongUrls() {
        assertEquals(Optional.of("forces.error.endpoint-userinfo"),
                HTTPS_ONLY.problem("https://user:secret@force.example/haven"));
        assertEquals(Optional.of("forces.error.endpoint-userinfo"), HTTPS_ONLY.problem("https://user@force.example/"));
        assertEquals(Optional.of("forces.error.endpoint-fragment"), HTTPS_ONLY.problem("https://force.example/haven#x"));
        assertEquals(Optional.of("forces.error.endpoint-fragment"), HTTPS_ONLY.problem("https://force.example/haven#"));
        String base = "https://force.example/";
        String longest = base + "a".repeat(EndpointRule.MAX_LENGTH - base.length());
        assertEquals(Optional.empty(), HTTPS_ONLY.problem(longest));
        assertEquals(Optional.of("forces.error.endpoint-long"), HTTPS_ONLY.problem(longest + "a"));
    }

    @Test
    void validKeyGivesItsKeyIdAndBlankFieldsMeanNone() {
        byte[] key = Hpke.generateKeyPair().publicKey();
        ForceForm.Checked checked = new ForceForm("  https://force.example/haven ", " " + Base64Url.encode(key) + "\n",
                true).check(HTTPS_ONLY);
        assertTrue(checked.ok(), checked.errors().toString());
        assertEquals("https://force.example/haven", checked.settings().endpointUrl());
        assertArrayEquals(key, checked.settings().publicKey());
        assertEquals(KeyIds.forceKey(key), checked.settings().keyId());
        assertTrue(checked.settings().enabled());

        ForceForm.Checked cleared = new ForceForm(" ", null, false).check(HTTPS_ONLY);
        assertTrue(cleared.ok());
        assertNull(cleared.settings().endpointUrl());
        assertNull(cleared.settings().publicKey());
        assertNull(cleared.settings().keyId());
    }

    @Test
    void rejectsKeysThatAreNotUncompressedP256Points() {
        byte[] key = Hpke.generateKeyPair().publicKey();
        byte[] offCurve = new byte[65];
        offCurve[0] = 0x04;
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(key, 1, compressed, 1, 32);
        String encoded = Base64Url.encode(key);
        for (String bad : List.of("not a key", Base64Url.encode(offCurve), Base64Url.encode(compressed),
                encoded + "=", encoded.substring(1), java.util.Base64.getEncoder().encodeToString(key))) {
            ForceForm.Checked checked = new ForceForm("https://force.example/", bad, false).check(HTTPS_ONLY);
            assertEquals(List.of(new ForceForm.FieldError(ForceForm.KEY, "forces.error.key")), checked.errors(), bad);
            assertNull(checked.settings());
        }
    }

    @Test
    void cannotSwitchOnWithoutBothEndpointAndKey() {
        String key = Base64Url.encode(Hpke.generateKeyPair().publicKey());
        List<ForceForm.FieldError> enable = List.of(new ForceForm.FieldError(ForceForm.ENABLED, "forces.error.enable"));
        assertEquals(enable, new ForceForm("https://force.example/", "", true).check(HTTPS_ONLY).errors());
        assertEquals(enable, new ForceForm("", key, true).check(HTTPS_ONLY).errors());
        assertEquals(enable, new ForceForm(null, null, true).check(HTTPS_ONLY).errors());
        // Both given but one of them wrong: the error is about that one, not about switching on.
        assertEquals(List.of(new ForceForm.FieldError(ForceForm.ENDPOINT, "forces.error.endpoint-https")),
                new ForceForm("http://force.example/", key, true).check(HTTPS_ONLY).errors());
    }
}
