/**
 * The staff audit log: every staff action (sign-in, unlock, view, status change, message, grant, delete,
 * export, ...) appended as actor, action code, report id and time -- never content -- to a SHA-256 hash
 * chain that an admin can verify. {@link org.haven.casework.audit.AuditLog} appends and verifies;
 * {@link org.haven.casework.audit.AuditChain} holds the hash specification and the pure chain check.
 */
package org.haven.casework.audit;
