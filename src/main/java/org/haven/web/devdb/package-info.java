/**
 * The embedded PostgreSQL that backs dev mode and tests when no datasource is configured. Its library is
 * removed from the production artifact.
 */
package org.haven.web.devdb;
