package io.safetykit.reconciler.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure that is the database going away under a running job (a restart, a
 * failover, a network cut, a pooler that lost its server), however deeply it was wrapped: a
 * connection exception (SQLSTATE class 08, or the pool timing out waiting for one) or the server
 * shutting the session down (57P01–57P03). When the connection dies in the middle of a
 * transaction the rollback fails too, and Spring reports that failure instead of the first: the
 * first, kept as the "application exception", says more, so it is looked at first.
 */
public final class LostConnection {

	private LostConnection() {
	}

	/** The first line of what the driver said, if the failure is a lost connection. */
	public static Optional<String> describe(Throwable failure) {
		for (Throwable t = failure; t != null; t = next(t)) {
			if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
				Optional<String> first = describe(rollback.getApplicationException());
				if (first.isPresent()) {
					return first;
				}
			}
		}
		SQLException deepest = null;
		for (Throwable t = failure; t != null; t = next(t)) {
			if (t instanceof SQLException sql && isConnectionFailure(sql)) {
				deepest = sql;
			}
		}
		return Optional.ofNullable(deepest).map(LostConnection::firstLine);
	}

	private static boolean isConnectionFailure(SQLException ex) {
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "";
		return state.startsWith("08") || state.startsWith("57P0") || ex instanceof SQLTransientConnectionException
				|| ex instanceof SQLNonTransientConnectionException;
	}

	private static Throwable next(Throwable t) {
		return (t.getCause() == t) ? null : t.getCause();
	}

	private static String firstLine(SQLException ex) {
		String message = String.valueOf(ex.getMessage()).strip();
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
