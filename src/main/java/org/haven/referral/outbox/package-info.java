/**
 * The durable outbox and its delivery worker: claims due referrals with row locks (SKIP LOCKED) and a lease,
 * sends each sealed and signed to its force, and records the answer. Safe with any number of replicas.
 */
package org.haven.referral.outbox;
