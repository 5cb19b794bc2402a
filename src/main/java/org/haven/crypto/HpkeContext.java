package org.haven.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * An HPKE (RFC 9180) base-mode context of Haven's suite whose sequence number the caller chooses, so one
 * encapsulation seals many chunks and any chunk can be sealed or opened on its own (an upload that resumes
 * reseals only what is missing). Bouncy Castle's context counts sequence numbers itself and cannot seek, so
 * the key schedule is written out here (RFC 9180 sections 4.1 and 5.1) and checked against Bouncy Castle's
 * context and the A.3.1 vectors in the tests. The KEM's key pairs and point checks are Bouncy Castle's.
 */
public final class HpkeContext {

    private static final byte[] KEM_SUITE = {'K', 'E', 'M', 0x00, 0x10};
    private static final byte[] HPKE_SUITE = {'H', 'P', 'K', 'E', 0x00, 0x10, 0x00, 0x01, 0x00, 0x01};
    private static final int KEY_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;

    private final byte[] enc;
    private final SecretKeySpec key;
    private final byte[] baseNonce;

    private HpkeContext(byte[] enc, byte[] key, byte[] baseNonce) {
        this.enc = enc;
        this.key = new SecretKeySpec(key, "AES");
        this.baseNonce = baseNonce;
    }

    /** SetupBaseS with a fresh ephemeral key. */
    public static HpkeContext sender(byte[] publicKey, byte[] info) {
        return sender(publicKey, info, Hpke.suite().generatePrivateKey());
    }

    /** SetupBaseS with a given ephemeral key pair (the RFC's vectors fix it). */
    static HpkeContext sender(byte[] publicKey, byte[] info, AsymmetricCipherKeyPair ephemeral) {
        Hpke.checkPublicKey(publicKey);
        HPKE hpke = Hpke.suite();
        byte[] enc = hpke.serializePublicKey(ephemeral.getPublic());
        byte[] dh = dh(ephemeral.getPrivate(), hpke.deserializePublicKey(publicKey));
        return schedule(enc, sharedSecret(dh, enc, publicKey), info);
    }

    /**
     * SetupBaseR.
     *
     * @throws DecryptionException if {@code enc} is not a P-256 point or the private key is unusable
     */
    public static HpkeContext receiver(byte[] privateKey, byte[] enc, byte[] info) {
        if (enc == null || !Hpke.isPublicKey(enc)) {
            throw new DecryptionException();
        }
        try {
            byte[] publicKey = Hpke.publicKeyOf(privateKey);
            HPKE hpke = Hpke.suite();
            AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(privateKey, publicKey);
            byte[] dh = dh(recipient.getPrivate(), hpke.deserializePublicKey(enc));
            return schedule(enc.clone(), sharedSecret(dh, enc, publicKey), info);
        } catch (RuntimeException e) {
            throw new DecryptionException(e);
        }
    }

    public byte[] enc() {
        return enc.clone();
    }

    /** Seals with sequence number {@code seq}: nonce = base_nonce XOR I2OSP(seq, 12). Use each seq for one plaintext only. */
    public byte[] seal(long seq, byte[] aad, byte[] plaintext) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, seq, aad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    /**
     * @throws DecryptionException if {@code ct} was not sealed in this context with this seq and aad
     */
    public byte[] open(long seq, byte[] aad, byte[] ct) {
        if (ct == null || ct.length < Hpke.TAG_LENGTH) {
            throw new DecryptionException();
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, seq, aad).doFinal(ct);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(e);
        }
    }

    private Cipher cipher(int mode, long seq, byte[] aad) throws GeneralSecurityException {
        if (seq < 0) {
            throw new IllegalArgumentException("negative sequence number");
        }
        byte[] nonce = baseNonce.clone();
        for (int i = 0; i < 8; i++) {
            nonce[NONCE_LENGTH - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(Hpke.TAG_LENGTH * 8, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }

    private static byte[] dh(org.bouncycastle.crypto.CipherParameters privateKey, AsymmetricKeyParameter publicKey) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(privateKey);
        BigInteger x = agreement.calculateAgreement(publicKey);
        return fixed(x, 32);
    }

    /** DHKEM ExtractAndExpand: eae_prk = LabeledExtract("", "eae_prk", dh), then "shared_secret" over enc || pkR. */
    private static byte[] sharedSecret(byte[] dh, byte[] enc, byte[] publicKey) {
        byte[] prk = labeledExtract(KEM_SUITE, new byte[0], "eae_prk", dh);
        return labeledExpand(KEM_SUITE, prk, "shared_secret", concat(enc, publicKey), 32);
    }

    /** KeySchedule for mode_base with no PSK. */
    private static HpkeContext schedule(byte[] enc, byte[] sharedSecret, byte[] info) {
        byte[] pskIdHash = labeledExtract(HPKE_SUITE, new byte[0], "psk_id_hash", new byte[0]);
        byte[] infoHash = labeledExtract(HPKE_SUITE, new byte[0], "info_hash", info);
        byte[] context = concat(new byte[] {HPKE.mode_base}, concat(pskIdHash, infoHash));
        byte[] secret = labeledExtract(HPKE_SUITE, sharedSecret, "secret", new byte[0]);
        return new HpkeContext(enc, labeledExpand(HPKE_SUITE, secret, "key", context, KEY_LENGTH),
                labeledExpand(HPKE_SUITE, secret, "base_nonce", context, NONCE_LENGTH));
    }

    private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm) {
        byte[] labeled = concat(concat("HPKE-v1".getBytes(StandardCharsets.US_ASCII), suite),
                concat(label.getBytes(StandardCharsets.US_ASCII), ikm));
        return KeyedHash.hmacSha256(salt.length == 0 ? new byte[32] : salt, labeled);
    }

    private static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length) {
        byte[] labeledInfo = concat(new byte[] {(byte) (length >>> 8), (byte) length},
                concat(concat("HPKE-v1".getBytes(StandardCharsets.US_ASCII), suite),
                        concat(label.getBytes(StandardCharsets.US_ASCII), info)));
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] previous = new byte[0];
        for (int counter = 1; okm.size() < length; counter++) {
            previous = KeyedHash.hmacSha256(prk, concat(previous, concat(labeledInfo, new byte[] {(byte) counter})));
            okm.writeBytes(previous);
        }
        byte[] out = new byte[length];
        System.arraycopy(okm.toByteArray(), 0, out, 0, length);
        return out;
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
