/**
 * Evidence attachments on the reporter's side (issue 6, docs/attachments.md): resumable upload of chunks sealed
 * in the browser, binding to a report or message in its own transaction, and the purge of uploads never bound.
 * The server sees ciphertext and the chunk count only.
 */
package org.haven.intake.attachment;
