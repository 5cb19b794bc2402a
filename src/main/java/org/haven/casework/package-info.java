/**
 * Caseworker- and admin-facing side (next issue): sign-in, key unlock in the browser, inbox, cases,
 * messages, notes, outcomes and statistics. It will read reports only as ciphertext handed to a
 * caseworker's browser; nothing in this package may open an envelope on the server.
 */
package org.haven.casework;
