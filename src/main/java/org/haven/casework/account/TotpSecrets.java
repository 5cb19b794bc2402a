package org.haven.casework.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.haven.intake.ReceiptTokens;

/**
 * Second-factor secrets at rest: AES-256-GCM under a key derived from the server secret that is not in the
 * database, so a database dump alone does not hand over every account's authenticator. Stored as
 * {@code iv (12 bytes) || ciphertext+tag}, bound to the account id.
 */
@ApplicationScoped
public class TotpSecrets {

    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public TotpSecrets(ReceiptTokens serverSecret) {
        this.key = new SecretKeySpec(serverSecret.derive("totp-secrets-at-rest"), "AES");
    }

    public byte[] seal(java.util.UUID accountId, byte[] secret) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            byte[] ct = cipher(Cipher.ENCRYPT_MODE, iv, accountId).doFinal(secret);
            byte[] out = Arrays.copyOf(iv, IV_BYTES + ct.length);
            System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret, or an exception if it was altered, moved to another account, or sealed under another key. */
    public byte[] open(java.util.UUID accountId, byte[] sealed) {
        try {
            return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, IV_BYTES), accountId)
                    .doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A second-factor secret does not open", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, java.util.UUID accountId) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(mode, key, new GCMParameterSpec(128, iv));
        aes.updateAAD(("haven/v1/totp|" + accountId).getBytes(StandardCharsets.UTF_8));
        return aes;
    }
}
