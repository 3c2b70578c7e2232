package io.safetykit.reconciler.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.safetykit.reconciler.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade of a database that holds items and labels written before the decision history:
 * migrated to V5 on a database of its own, filled the old way, then migrated to the latest version.
 */
class HistoryMigrationIntegrationTests {

	private final String database = "reconciler_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private SingleConnectionDataSource dataSource;

	@BeforeEach
	void createDatabase() throws SQLException {
		admin("CREATE DATABASE " + this.database);
		this.dataSource = new SingleConnectionDataSource(url(), TestDatabase.username(), TestDatabase.password(), true);
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		if (this.dataSource != null) {
			this.dataSource.destroy();
		}
		admin("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
	}

	@Test
	void turnsTodaysRowsIntoFirstVersionsValidFromTheirRequestsCompletion() {
		flyway("5").migrate();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("""
				INSERT INTO safetykit.request (namespace, request_id, kind, status, completed_at) VALUES
				  ('shop', 'r1', 'add', 'succeeded', '2026-03-01T10:00:00Z'),
				  ('shop', 'r2', 'add', 'succeeded', '2026-04-01T10:00:00Z');
				INSERT INTO safetykit.item (namespace, request_id, item_id, url) VALUES
				  ('shop', 'r1', 'a', 'https://shop.example/a'), ('shop', 'r2', 'b', 'https://shop.example/b');
				INSERT INTO safetykit.item_label (namespace, request_id, item_id, label, confidence, attributes) VALUES
				  ('shop', 'r1', 'a', 'spam.violation', 0.9, '{"label":"spam.violation"}'),
				  ('shop', 'r2', 'b', 'adult.safe', null, '{"label":"adult.safe"}')""");

		flyway(null).migrate();

		assertThat(jdbc.queryForList("""
				SELECT item_id || ' ' || label || ' ' || (valid_from AT TIME ZONE 'UTC') || ' '
				       || coalesce(job_execution_id::text, 'unknown')
				FROM safetykit.item_label ORDER BY item_id""", String.class))
			.containsExactly("a spam.violation 2026-03-01 10:00:00 unknown", "b adult.safe 2026-04-01 10:00:00 unknown");
		assertThat(jdbc.queryForList("""
				SELECT item_id || ' ' || (valid_from AT TIME ZONE 'UTC') FROM safetykit.item ORDER BY item_id""",
				String.class))
			.containsExactly("a 2026-03-01 10:00:00", "b 2026-04-01 10:00:00");
		assertThat(jdbc.queryForList("""
				SELECT item_id || ' ' || label || ' ' || change || ' ' || (observed_at AT TIME ZONE 'UTC')
				FROM safetykit.label_change ORDER BY item_id""", String.class))
			.containsExactly("a spam.violation added 2026-03-01 10:00:00", "b adult.safe added 2026-04-01 10:00:00");
		assertThat(asOf(jdbc, "2026-03-15T00:00:00Z")).containsExactly("a spam.violation");
		assertThat(asOf(jdbc, "2026-04-15T00:00:00Z")).containsExactly("a spam.violation", "b adult.safe");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM safetykit.item_label_version", Long.class)).isZero();
		// what the existing reports read is unchanged
		assertThat(jdbc.queryForList("SELECT label FROM safetykit.item_latest_label ORDER BY item_id", String.class))
			.containsExactly("spam.violation", "adult.safe");
	}

	private static List<String> asOf(JdbcTemplate jdbc, String instant) {
		return jdbc.queryForList("""
				SELECT item_id || ' ' || label FROM safetykit.item_label_as_of(CAST(? AS timestamptz)) ORDER BY item_id""",
				String.class, instant);
	}

	/** The application's Flyway settings, up to a version (null: the latest). */
	private Flyway flyway(String target) {
		var configuration = Flyway.configure()
			.dataSource(this.dataSource)
			.locations("classpath:db/migration")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
		if (target != null) {
			configuration.target(target);
		}
		return configuration.load();
	}

	private String url() {
		String url = TestDatabase.url();
		int query = url.indexOf('?');
		String base = (query >= 0) ? url.substring(0, query) : url;
		return base.substring(0, base.lastIndexOf('/') + 1) + this.database + ((query >= 0) ? url.substring(query) : "");
	}

	private static void admin(String sql) throws SQLException {
		try (Connection admin = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(),
				TestDatabase.password()); Statement statement = admin.createStatement()) {
			// the name is generated above, never input: identifiers cannot be bound parameters
			statement.execute(sql);
		}
	}

}
