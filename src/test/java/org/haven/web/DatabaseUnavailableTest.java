package org.haven.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void outagesShutdownsAndFullDisksAreUnavailable() {
        assertTrue(DatabaseUnavailable.is(new ConnectException("Connection refused")));
        assertTrue(DatabaseUnavailable.is(new PgException("terminating connection", "FATAL", "57P01", null)));
        assertTrue(DatabaseUnavailable.is(new PgException("could not extend file", "ERROR", "53100", null)));
        assertTrue(DatabaseUnavailable.is(new SQLException("connection failure", "08006")));
        assertTrue(DatabaseUnavailable.is(new IllegalStateException("wrapped",
                new RuntimeException(new PgException("too many clients", "FATAL", "53300", null)))));
    }

    @Test
    void wrongRequestsAndBugsAreNot() {
        assertFalse(DatabaseUnavailable.is(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(DatabaseUnavailable.is(new SQLException("syntax", "42601")));
        assertFalse(DatabaseUnavailable.is(new IllegalStateException("a bug")));
        assertFalse(DatabaseUnavailable.is(new NullPointerException()));
    }
}
