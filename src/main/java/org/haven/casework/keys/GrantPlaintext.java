package org.haven.casework.keys;

/** What a key grant seals: the intake private scalar (32 bytes) followed by its public key (65 bytes). */
public final class GrantPlaintext {

    private GrantPlaintext() {
    }

    public static byte[] of(byte[] privateKey, byte[] publicKey) {
        byte[] out = new byte[privateKey.length + publicKey.length];
        System.arraycopy(privateKey, 0, out, 0, privateKey.length);
        System.arraycopy(publicKey, 0, out, privateKey.length, publicKey.length);
        return out;
    }
}
