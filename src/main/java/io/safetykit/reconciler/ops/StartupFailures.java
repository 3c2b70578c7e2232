package io.safetykit.reconciler.ops;

import java.sql.SQLException;

import io.safetykit.reconciler.database.DatabaseUnavailableException;
import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.exit.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.NestedExceptionUtils;

/**
 * Turns a failure to start into one line that says what to fix, and an exit code:
 * 2 when the user can fix it (a setting, a credential), 1 otherwise.
 * Spring Boot's own multi-line report is switched off in application.properties.
 */
public final class StartupFailures {

	private static final Logger logger = LoggerFactory.getLogger(StartupFailures.class);

	private StartupFailures() {
	}

	public static int report(Throwable failure) {
		UsageException usage = find(failure, UsageException.class);
		if (usage != null) {
			logger.error(usage.getMessage());
			return ExitCodes.BAD_INPUT;
		}
		DatabaseUnavailableException unavailable = find(failure, DatabaseUnavailableException.class);
		if (unavailable != null) {
			logger.error(unavailable.getMessage());
			return ExitCodes.FAILED;
		}
		BindException bind = find(failure, BindException.class);
		if (bind != null) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(bind);
			String setting = bind.getName().toString();
			String detail = (cause instanceof UsageException) ? cause.getMessage() : describeBindCause(setting, cause);
			logger.error(detail);
			return ExitCodes.BAD_INPUT;
		}
		if (String.valueOf(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
			.contains("determine a suitable driver class")) {
			logger.error("No database is configured: set SPRING_DATASOURCE_URL (e.g. jdbc:postgresql://host:5432/db), "
					+ "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD, or RECONCILER_EMBEDDED_DATABASE_ENABLED=true "
					+ "for the embedded PostgreSQL");
			return ExitCodes.BAD_INPUT;
		}
		SQLException sql = find(failure, SQLException.class);
		if (sql != null) {
			return reportDatabase(sql);
		}
		logger.error("Start-up failed: {}", oneLine(failure), failure);
		return ExitCodes.FAILED;
	}

	private static String describeBindCause(String setting, Throwable cause) {
		String message = cause.getMessage();
		if (message != null && message.contains(" to type ")) {
			message = "not a valid value";
		}
		if (message != null && message.contains("sealed once started")) {
			// SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT reads as hikari.connection.timeout, and
			// binding "connection" calls getConnection(), which starts the pool before the setting
			return "Invalid setting " + setting + ": in an environment variable, write the pool's setting as one word "
					+ "(SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT, not SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT)";
		}
		return "Invalid setting " + setting + ": " + message + " (env " + toEnvName(setting) + ")";
	}

	static String toEnvName(String setting) {
		return setting.replace(".", "_").replace("-", "_").toUpperCase();
	}

	private static int reportDatabase(SQLException ex) {
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "";
		if (state.startsWith("08")) {
			logger.error("Cannot connect to the database ({}). Is PostgreSQL running? Point the job at one with "
					+ "SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.", firstLine(ex));
			return ExitCodes.FAILED;
		}
		if (state.startsWith("28") || state.equals("3D000")) {
			logger.error("The database refused the connection ({}). Check SPRING_DATASOURCE_URL, "
					+ "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.", firstLine(ex));
			return ExitCodes.BAD_INPUT;
		}
		logger.error("Database error at start-up: {}", firstLine(ex), ex);
		return ExitCodes.FAILED;
	}

	/** The most specific cause's message on one line. */
	public static String oneLine(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + firstLine(message) : "");
	}

	private static String firstLine(SQLException ex) {
		return firstLine(String.valueOf(ex.getMessage()));
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

}
