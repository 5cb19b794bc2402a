/**
 * The referral document (version 1): its schema check, and how Haven builds the exact bytes it seals for a
 * force. docs/referral.md is the written specification.
 */
package org.haven.referral.document;
