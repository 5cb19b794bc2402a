/**
 * Cross-cutting HTTP for every audience: security headers, languages and message bundles, the page frame,
 * problem responses and error pages, and log hygiene.
 */
package org.haven.web;
