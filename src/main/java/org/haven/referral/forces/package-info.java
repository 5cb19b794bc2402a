/**
 * The police force registry: the 46 forces seeded by V8, each with the HTTPS endpoint and HPKE public key an
 * admin enters, and whether it may receive referrals. Its pages and API are staff routes under
 * {@code /casework} (admin-only to change, any caseworker to pick a force); nothing here faces police.
 */
package org.haven.referral.forces;
