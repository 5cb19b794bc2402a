/**
 * Reporter-facing pages and API: the report form, review, sealing without JavaScript, submission, the
 * receipt mailbox, consent changes, withdrawal, and retention. Code here sees ciphertext and receipt-derived
 * tokens only; it never asks for or keeps anything that identifies a reporter.
 */
package org.haven.intake;
