package org.haven.referral;

/** Haven's referral signing public key as forces pin it (docs/referral.md, "Keys"). */
public interface SigningKeyInfo {

    /** {@code haven-} + a fingerprint of the public key. */
    String keyId();

    /** base64url of the 32-byte Ed25519 public key. */
    String publicKeyBase64Url();
}
