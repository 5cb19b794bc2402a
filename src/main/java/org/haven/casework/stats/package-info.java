/**
 * Statistics for the advocacy body's public work. The server only serves the page and records that a CSV
 * was exported: every count is made in the staff member's browser from the reports it opened, and nothing
 * counted is sent back or stored.
 */
package org.haven.casework.stats;
