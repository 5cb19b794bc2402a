package org.haven.casework.audit;

/**
 * The verdict on the audit chain.
 *
 * @param intact whether every entry verified
 * @param verified how many entries verified before the first break (all of them when intact)
 * @param firstBrokenSeq the first seq at which the chain does not hold, or null when intact
 * @param fault why it does not hold there, or null when intact
 * @param headHash hex hash of the last entry that verified (empty for an empty chain); writing it down
 *     somewhere outside the database lets a later check prove that no entries were cut from the end
 */
public record ChainCheck(boolean intact, long verified, Long firstBrokenSeq, Fault fault, String headHash) {

    /** Ways a chain can break. */
    public enum Fault {
        /** An entry is missing at this seq: deleted, or the rows were renumbered. */
        MISSING,
        /** The entry's prev_hash is not the previous entry's hash: an entry before it was rewritten, or the order changed. */
        UNLINKED,
        /** The entry's fields no longer give its stored hash: it was changed after it was written. */
        ALTERED,
        /** The entry hashes correctly but names an action this version does not know. */
        UNKNOWN_ACTION
    }

    static ChainCheck ok(long verified, String headHash) {
        return new ChainCheck(true, verified, null, null, headHash);
    }

    static ChainCheck broken(long verified, long seq, Fault fault, String headHash) {
        return new ChainCheck(false, verified, seq, fault, headHash);
    }
}
