package io.safetykit.reconciler.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.safetykit.ResultItem;
import io.safetykit.reconciler.safetykit.ResultLabel;
import io.safetykit.reconciler.support.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session-local tables a re-fetch compares through. Behind PgBouncer a server session outlives
 * the client that made them, so a session may still hold them as an earlier version of the job
 * made them, without {@code job_execution_id}.
 */
class IncomingTablesIntegrationTests {

	private static final String EARLIER_SHAPE = """
			CREATE TEMP TABLE incoming_item (
			  namespace text, request_id text, item_id text, url text, metadata jsonb, fields jsonb, actions jsonb,
			  PRIMARY KEY (namespace, request_id, item_id)
			) ON COMMIT DELETE ROWS;
			CREATE TEMP TABLE incoming_label (
			  namespace text, request_id text, item_id text, label text, confidence double precision,
			  explanation text, attributes jsonb,
			  PRIMARY KEY (namespace, request_id, item_id, label)
			) ON COMMIT DELETE ROWS
			""";

	@Test
	void takesTheRowsOfThisVersionInASessionThatHoldsTheTablesOfAnEarlierOne() throws SQLException {
		try (Connection connection = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(),
				TestDatabase.password())) {
			try (Statement statement = connection.createStatement()) {
				statement.execute(EARLIER_SHAPE);
			}
			connection.setAutoCommit(false);
			ItemVersions.beginIncoming(connection);
			ResultLabel label = new ResultLabel("spam.violation", 0.9, "looks like spam",
					"{\"label\":\"spam.violation\"}");
			ItemRows rows = ItemRows.encode("shop", "r1", 42,
					List.of(new ResultItem("item-1", "https://shop.example/1", "{}", null, null, List.of(label))));

			assertThat(ItemVersions.copyIncoming(connection, List.of(rows)))
				.isEqualTo(new ChunkWriter.WrittenRows(1, 1));
			assertThat(executions(connection, "incoming_item")).containsExactly(Map.entry("item-1", 42L));
			assertThat(executions(connection, "incoming_label")).containsExactly(Map.entry("item-1", 42L));
			connection.rollback();
		}
	}

	private static Map<String, Long> executions(Connection connection, String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT item_id, job_execution_id FROM " + table)) {
			rs.next();
			return Map.of(rs.getString(1), rs.getLong(2));
		}
	}

}
