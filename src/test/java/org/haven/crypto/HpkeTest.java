package org.haven.crypto;

import static org.haven.crypto.Rfc9180Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;

class HpkeTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void bouncyCastleSuiteReproducesRfc9180A31() throws Exception {
        HPKE hpke = Hpke.suite();
        AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(bytes(IKM_E));
        AsymmetricCipherKeyPair recipient = hpke.deriveKeyPair(bytes(IKM_R));
        assertEquals(PK_EM, HEX.formatHex(hpke.serializePublicKey(ephemeral.getPublic())));
        assertEquals(SK_EM, HEX.formatHex(hpke.serializePrivateKey(ephemeral.getPrivate())));
        assertEquals(PK_RM, HEX.formatHex(hpke.serializePublicKey(recipient.getPublic())));
        assertEquals(SK_RM, HEX.formatHex(hpke.serializePrivateKey(recipient.getPrivate())));

        HPKEContextWithEncapsulation sender = hpke.setupBaseS(recipient.getPublic(), bytes(INFO), ephemeral);
        assertEquals(ENC, HEX.formatHex(sender.getEncapsulation()));
        assertEquals(CT_0, HEX.formatHex(sender.seal(bytes(AAD_0), bytes(PT_0))));
    }

    @Test
    void opensTheRfc9180A31CiphertextWithTheVectorsPrivateKey() {
        byte[] pt = Hpke.open(bytes(SK_RM), bytes(ENC), bytes(INFO), bytes(AAD_0), bytes(CT_0));
        assertEquals(PT_0, HEX.formatHex(pt));
    }

    @Test
    void derivesThePublicKeyFromThePrivateScalar() {
        assertEquals(PK_RM, HEX.formatHex(Hpke.publicKeyOf(bytes(SK_RM))));
        Hpke.KeyPair pair = Hpke.generateKeyPair();
        assertEquals(65, pair.publicKey().length);
        assertEquals(32, pair.privateKey().length);
        assertArrayEquals(pair.publicKey(), Hpke.publicKeyOf(pair.privateKey()));
    }

    @Test
    void sealsAndOpensWithAFreshEphemeralKey() {
        Hpke.KeyPair pair = Hpke.generateKeyPair();
        byte[] info = "info".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "aad".getBytes(StandardCharsets.UTF_8);
        byte[] pt = "a report".getBytes(StandardCharsets.UTF_8);
        Hpke.Sealed sealed = Hpke.seal(pair.publicKey(), info, aad, pt);
        assertEquals(65, sealed.enc().length);
        assertEquals(pt.length + 16, sealed.ct().length);
        assertArrayEquals(pt, Hpke.open(pair.privateKey(), sealed.enc(), info, aad, sealed.ct()));

        byte[] otherKey = Hpke.generateKeyPair().privateKey();
        assertThrows(DecryptionException.class, () -> Hpke.open(otherKey, sealed.enc(), info, aad, sealed.ct()));
        assertThrows(DecryptionException.class,
                () -> Hpke.open(pair.privateKey(), sealed.enc(), "other".getBytes(StandardCharsets.UTF_8), aad,
                        sealed.ct()));
        byte[] offCurve = sealed.enc().clone();
        offCurve[64] ^= 1;
        assertThrows(DecryptionException.class, () -> Hpke.open(pair.privateKey(), offCurve, info, aad, sealed.ct()));
    }

    @Test
    void refusesKeysThatAreNotP256() {
        assertThrows(IllegalArgumentException.class, () -> Hpke.publicKeyOf(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> Hpke.publicKeyOf(new byte[31]));
        byte[] notAPoint = bytes(PK_RM);
        notAPoint[10] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> Hpke.seal(notAPoint, new byte[0], new byte[0], new byte[1]));
    }
}
