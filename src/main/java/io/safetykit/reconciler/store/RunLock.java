package io.safetykit.reconciler.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A session-level advisory lock that a running job execution holds on a connection of its own.
 * PostgreSQL drops it the moment that session ends — a clean exit, {@code kill -9}, a lost pod —
 * which is what makes the execution's row claims void and lets a later run recover it.
 */
public class RunLock implements AutoCloseable {

	private static final String IS_HELD = """
			SELECT EXISTS (SELECT 1 FROM pg_locks
			               WHERE locktype = 'advisory' AND classid = ? AND objid = ? AND objsubid = 2 AND granted)
			""";

	private final Connection connection;

	private RunLock(Connection connection) {
		this.connection = connection;
	}

	/** Takes the lock for a job execution, or fails if another session holds it. */
	public static RunLock acquire(DataSource dataSource, long executionId) {
		try {
			Connection connection = dataSource.getConnection();
			try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
				connection.setAutoCommit(true);
				ps.setInt(1, RequestSelection.LOCK_CLASS);
				ps.setInt(2, (int) executionId);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					if (!rs.getBoolean(1)) {
						connection.close();
						throw new IllegalStateException("job execution " + executionId + " is already running");
					}
				}
			}
			return new RunLock(connection);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("could not take the run lock", ex);
		}
	}

	/** Whether some session (this process or another) holds the lock of a job execution right now. */
	public static boolean isHeld(JdbcTemplate jdbc, long executionId) {
		Boolean held = jdbc.queryForObject(IS_HELD, Boolean.class, RequestSelection.LOCK_CLASS, (int) executionId);
		return Boolean.TRUE.equals(held);
	}

	@Override
	public void close() {
		try (Connection c = this.connection; PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
			ps.execute();
		}
		catch (SQLException ex) {
			// the session is gone, and with it the lock
		}
	}

}
