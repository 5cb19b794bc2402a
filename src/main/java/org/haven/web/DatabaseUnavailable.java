package org.haven.web;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means the database cannot be reached or cannot take writes right now (restarting, down,
 * out of connections, disk full) rather than that the request was wrong: such a failure is answered 503 "try
 * again", and a reporter's page keeps what they wrote. Haven's pool reconnects by itself once PostgreSQL is back.
 */
public final class DatabaseUnavailable {

    /**
     * SQLSTATE classes and codes that say "not now": 08 connection exceptions, 53 insufficient resources (disk
     * full, out of memory, too many connections), 57P01-57P05 shutdown, restart and recovery.
     */
    private static final Set<String> STATE_CLASSES = Set.of("08", "53");
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05");

    private DatabaseUnavailable() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof ClosedConnectionException
                    || cause instanceof ClosedChannelException || cause instanceof TimeoutException) {
                return true;
            }
            String state = cause instanceof PgException pg ? pg.getSqlState()
                    : cause instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && (STATES.contains(state)
                    || (state.length() >= 2 && STATE_CLASSES.contains(state.substring(0, 2))))) {
                return true;
            }
        }
        return false;
    }
}
