/**
 * The personal-data screen: the last firewall check before a referral leaves Haven. It finds contact details,
 * identity and bank numbers, dates of birth, network addresses and words about immigration status in every
 * text value, and reports each with its place in the caseworker's original text, so they can edit it. There is
 * no override: a referral with any finding is not sent.
 */
package org.haven.referral.screen;
