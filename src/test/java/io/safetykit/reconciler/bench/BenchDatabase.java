package io.safetykit.reconciler.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The scenario's own database: created fresh for each run, seeded with requests, and checked afterwards. */
final class BenchDatabase {

	static final String NAMESPACE = "bench";

	private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

	private static final String USER = "postgres";

	private static final String SEED = """
			INSERT INTO safetykit.request (namespace, request_id)
			SELECT ?, 'request_' || lpad(g::text, 26, '0') FROM generate_series(1, ?) AS g
			""";

	private static final String REQUEST_COUNTS = """
			SELECT count(*), count(*) FILTER (WHERE status = 'succeeded' AND claimed_by IS NULL)
			FROM safetykit.request
			""";

	private static final String HISTORY_COUNTS = """
			SELECT (SELECT count(*) FROM safetykit.item_version), (SELECT count(*) FROM safetykit.item_label_version),
			       (SELECT count(*) FROM safetykit.request_event WHERE event_type = 'labels_changed')
			""";

	private final String name;

	BenchDatabase(String name) {
		this.name = name;
	}

	String url() {
		return SERVER + this.name;
	}

	static String user() {
		return USER;
	}

	/** Whether the database is there (a previous run left it). */
	boolean exists() throws SQLException {
		try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
				PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			query.setString(1, this.name);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next();
			}
		}
	}

	/** Drops the database if a previous run left it, and creates it empty. */
	void recreate() throws SQLException {
		try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
				Statement statement = admin.createStatement()) {
			// The name is one of our own constants, never input: identifiers cannot be bound parameters.
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + this.name);
		}
	}

	/**
	 * Writes out the dirty pages the previous phase left in PostgreSQL's shared buffers and in the
	 * kernel's page cache, so that the next measured phase neither pays for them nor is caught by a
	 * checkpoint or a writeback the previous one set off. Needs a superuser, as the bench's user is.
	 */
	void checkpoint() throws SQLException, IOException, InterruptedException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CHECKPOINT");
		}
		new ProcessBuilder("sync").inheritIO().start().waitFor();
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), USER, "");
	}

	/** Inserts {@code count} requests, as upstream writers would, in one statement. */
	void seed(int count) throws SQLException {
		try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(SEED)) {
			insert.setString(1, NAMESPACE);
			insert.setInt(2, count);
			insert.executeUpdate();
			try (Statement statement = connection.createStatement()) {
				statement.execute("ANALYZE safetykit.request");
			}
		}
	}

	/** The ids {@link #seed} wrote, in the same order. */
	static List<String> requestIds(int count) {
		List<String> ids = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			ids.add(String.format("request_%026d", i));
		}
		return ids;
	}

	/** Fails unless every request succeeded and exactly the expected item and label rows are there. */
	void verify(BenchScenario scenario) throws SQLException {
		try (Connection connection = connect()) {
			long[] requests = longs(connection, REQUEST_COUNTS, 2);
			long items = longs(connection, "SELECT count(*) FROM safetykit.item", 1)[0];
			long labels = longs(connection, "SELECT count(*) FROM safetykit.item_label", 1)[0];
			List<String> wrong = new ArrayList<>();
			expect(wrong, "requests", requests[0], scenario.requests());
			expect(wrong, "succeeded requests", requests[1], scenario.requests());
			expect(wrong, "item rows", items, scenario.expectedItems());
			expect(wrong, "item_label rows", labels, scenario.expectedLabels());
			if (!wrong.isEmpty()) {
				throw new IllegalStateException("the job's result is wrong: " + String.join(", ", wrong));
			}
		}
	}

	/** Rows of the decision history: item versions, label versions and labels_changed events. */
	History history() throws SQLException {
		try (Connection connection = connect()) {
			long[] counts = longs(connection, HISTORY_COUNTS, 3);
			return new History(counts[0], counts[1], counts[2]);
		}
	}

	/** What the decision history holds. */
	record History(long itemVersions, long labelVersions, long events) {

		History minus(History before) {
			return new History(this.itemVersions - before.itemVersions, this.labelVersions - before.labelVersions,
					this.events - before.events);
		}

	}

	private static void expect(List<String> wrong, String what, long actual, long expected) {
		if (actual != expected) {
			wrong.add(what + " " + actual + " (expected " + expected + ")");
		}
	}

	private static long[] longs(Connection connection, String sql, int columns) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			long[] values = new long[columns];
			for (int i = 0; i < columns; i++) {
				values[i] = rows.getLong(i + 1);
			}
			return values;
		}
	}

}
