package io.safetykit.reconciler.database;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule for which PostgreSQL a process uses: a database named by URL first; then, where the
 * caller has one, a server in a container; then the embedded server. The choice and its reason are
 * logged in one line.
 *
 * @param url the JDBC URL
 * @param username the user name
 * @param password the password
 * @param embedded the embedded server when that was chosen (the caller stops it), else null
 */
public record DatabaseChoice(String url, String username, String password, EmbeddedDatabase embedded) {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseChoice.class);

	/** A database named by the user: the setting that names it and its values (url null when unset). */
	public record Named(String setting, String url, String username, String password) {
	}

	/** Where the embedded server keeps its data, and whether it is kept after the server stops. */
	public record Embedded(Path dataDirectory, boolean persistent) {
	}

	/**
	 * Chooses. {@code container} answers null when no {@code engine} (e.g. "Docker engine") answers,
	 * or is null when the caller has none; {@code embedded} is null when the embedded server must not
	 * be used, and then the answer is null when no URL is set.
	 */
	public static DatabaseChoice choose(Named named, Supplier<DatabaseChoice> container, String engine,
			Embedded embedded) {
		if (named.url() != null && !named.url().isBlank()) {
			logger.info("Database: {} ({} is set)", withoutQuery(named.url()), named.setting());
			return new DatabaseChoice(named.url(), named.username(), named.password(), null);
		}
		if (container != null) {
			DatabaseChoice chosen = container.get();
			if (chosen != null) {
				logger.info("Database: {} in a container ({} is not set; a {} answers)", withoutQuery(chosen.url()),
						named.setting(), engine);
				return chosen;
			}
		}
		if (embedded == null) {
			return null;
		}
		EmbeddedDatabase server = EmbeddedDatabase.start(embedded.dataDirectory(), embedded.persistent());
		logger.info("Database: embedded PostgreSQL at {}, data in {}{} ({} is not set{})", server.url(),
				embedded.dataDirectory(), embedded.persistent() ? "" : " (deleted at exit)", named.setting(),
				(container != null) ? "; no " + engine + " answers" : "");
		return new DatabaseChoice(server.url(), server.username(), server.password(), server);
	}

	/** A URL's query may carry a password: it is never logged. */
	private static String withoutQuery(String url) {
		int query = url.indexOf('?');
		return (query < 0) ? url : url.substring(0, query);
	}

}
