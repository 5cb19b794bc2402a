/**
 * Cross-cutting HTTP for every audience: security headers, languages and message bundles, the page frame,
 * problem responses and error pages, log hygiene, and the prod start-up guard ({@code ProductionReadiness}).
 */
package org.haven.web;
