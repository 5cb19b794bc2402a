/**
 * Police-facing, outbound only (a later issue): the referral schema, the personal-data screen, the force
 * registry and the durable outbox. No class here may ever serve an inbound request from police.
 */
package org.haven.referral;
