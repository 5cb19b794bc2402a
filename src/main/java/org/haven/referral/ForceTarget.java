package org.haven.referral;

/**
 * What delivery needs to know about one force: where to send and which key to seal to. Read fresh for each
 * decision, so an admin's change applies at once.
 */
public record ForceTarget(String code, String name, boolean enabled, String endpointUrl, byte[] publicKey, String keyId) {

    /** Only an enabled force with both an endpoint and a key can receive (docs/referral.md, "The firewall"). */
    public boolean canReceive() {
        return enabled && endpointUrl != null && publicKey != null && keyId != null;
    }
}
