package io.safetykit.reconciler.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.ReconcilerApplication;
import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.simulator.SafetyKitSimulator;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.SimulatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The roles of the README (Database roles) on a database of their own: the owner migrates, {@code db/roles.sql}
 * grants, and each role can do its work and nothing more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class DatabaseRolesIntegrationTests {

	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	private RoleDatabase roles;

	private SafetyKitSimulator simulator;

	@TempDir
	Path dir;

	@BeforeAll
	void migrateAsTheOwnerAndGrant() throws Exception {
		this.simulator = SafetyKitSimulator.start(SimulatorSettings.defaults("test-key"));
		this.roles = RoleDatabase.create();
		assertThat(app(this.roles.owner, "migrate")).isEqualTo(ExitCodes.COMPLETED);
		this.roles.applyGrants();
	}

	@AfterAll
	void dropDatabaseAndRoles() throws SQLException {
		if (this.simulator != null) {
			this.simulator.close();
		}
		if (this.roles != null) {
			this.roles.close();
		}
	}

	@Test
	void ownerRoleOwnsEveryTableItMigrated() throws SQLException {
		assertThat(queryAs(this.roles.owner, """
				SELECT DISTINCT tableowner FROM pg_tables
				WHERE schemaname = 'safetykit' OR tablename LIKE 'batch%' OR tablename = 'flyway_schema_history'"""))
			.containsExactly(this.roles.owner);
	}

	@Test
	void jobRoleCompletesARun(CapturedOutput output) throws Exception {
		this.simulator.register("roles", "add-1", Scenario.add(3, 2));
		this.simulator.register("roles", "imp-1", Scenario.importResult(4, 1));
		this.simulator.register("roles", "big-1", Scenario.tooLarge(2, 1));
		this.simulator.register("roles", "pending-1", Scenario.pending("queued"));
		this.simulator.register("roles", "failed-1", Scenario.failed("bad input"));
		this.simulator.register("roles", "unknown-1", Scenario.unknown());
		Path file = Files.writeString(this.dir.resolve("run.csv"),
				"roles,add-1\nroles,imp-1\nroles,big-1\nroles,pending-1\nroles,failed-1\nroles,unknown-1\n");
		assertThat(app(this.roles.job, "enqueue", file.toString())).isEqualTo(ExitCodes.COMPLETED);

		assertThat(app(this.roles.job, "run", "namespace=roles")).isEqualTo(ExitCodes.COMPLETED);
		assertThat(queryAs(this.roles.job, """
				SELECT request_id || ':' || status FROM safetykit.request WHERE namespace = 'roles' ORDER BY request_id"""))
			.containsExactly("add-1:succeeded", "big-1:succeeded", "failed-1:failed", "imp-1:succeeded",
					"pending-1:queued", "unknown-1:queued");
		// a backfill whose answer changed (one item fewer, a third label on the others): the job
		// closes versions into the history tables
		this.simulator.register("roles", "add-1", Scenario.add(2, 3));
		assertThat(app(this.roles.job, "run", "namespace=roles", "includeTerminal=true", "ignoreBackoff=true"))
			.isEqualTo(ExitCodes.COMPLETED);
		assertThat(queryAs(this.roles.reader, """
				SELECT request_id || ':' || count(*) FROM safetykit.item_label WHERE namespace = 'roles'
				GROUP BY request_id ORDER BY request_id"""))
			.containsExactly("add-1:6", "big-1:2", "imp-1:4");
		assertThat(queryAs(this.roles.reader, """
				SELECT request_id || ':' || count(*) FROM safetykit.item_label_version WHERE namespace = 'roles'
				GROUP BY request_id ORDER BY request_id"""))
			.as("the labels of the item the new answer dropped").containsExactly("add-1:2");
		assertThat(queryAs(this.roles.reader, """
				SELECT change || ':' || count(*) FROM safetykit.label_change WHERE request_id = 'add-1'
				GROUP BY change ORDER BY change"""))
			.containsExactly("added:8", "removed:2");
		assertThat(queryAs(this.roles.reader, """
				SELECT count(*) FROM safetykit.item_label_as_of(now() - interval '1 day')""")).containsExactly("0");
		assertThat(queryAs(this.roles.reader, """
				SELECT request_id || ':' || file_lines FROM safetykit.import_result WHERE namespace = 'roles'
				ORDER BY request_id"""))
			.containsExactly("big-1:2", "imp-1:4");
		assertThat(queryAs(this.roles.reader, """
				SELECT DISTINCT event_type FROM safetykit.request_event WHERE namespace = 'roles' ORDER BY 1"""))
			.contains("error", "labels_changed", "refetched", "status");
		assertThat(output).doesNotContain("permission denied").doesNotContain("Could not record");
		// each run took its claim lease and gave it up
		assertThat(queryAs(this.roles.job, "SELECT count(*) FROM safetykit.run_lease")).containsExactly("0");
		assertThat(queryAs(this.roles.job, "SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL"))
			.containsExactly("0");
		// the job recorded both runs' summaries, which the reader sees in the run history
		assertThat(queryAs(this.roles.reader, """
				SELECT status || ':' || polled || ':' || succeeded FROM safetykit.run_history ORDER BY id"""))
			.containsExactly("COMPLETED:6:3", "COMPLETED:6:3");
	}

	@Test
	void jobRoleCanNeitherChangeTheSchemaNorRewriteTheEventLogOrTheHistory() throws SQLException {
		assertDenied(this.roles.job, "CREATE TABLE safetykit.scratch (id int)");
		assertDenied(this.roles.job, "UPDATE safetykit.request_event SET detail = 'rewritten'");
		assertDenied(this.roles.job, "DELETE FROM safetykit.request_event");
		assertThat(updateAs(this.roles.job, """
				INSERT INTO safetykit.item_label_version (namespace, request_id, item_id, label, attributes, valid_from,
				                                          valid_to)
				VALUES ('history', 'h-1', 'i-1', 'spam.violation', '{}', now() - interval '1 hour', now())""")).isEqualTo(1);
		assertDenied(this.roles.job, "UPDATE safetykit.item_label_version SET label = 'rewritten'");
		assertDenied(this.roles.job, "DELETE FROM safetykit.item_label_version");
		assertDenied(this.roles.job, "UPDATE safetykit.item_version SET url = 'rewritten'");
		assertDenied(this.roles.job, "DELETE FROM safetykit.item_version");
		assertDenied(this.roles.job, "TRUNCATE safetykit.item_label_version");
		assertDenied(this.roles.job, "TRUNCATE safetykit.item");
		assertDenied(this.roles.job, "DELETE FROM public.batch_job_execution_params");
	}

	@Test
	void writerRoleMayOnlyInsertRequests(CapturedOutput output) throws Exception {
		String insert = "INSERT INTO safetykit.request (namespace, request_id, kind) VALUES ('writer', 'w-1', 'add') "
				+ "ON CONFLICT DO NOTHING";
		assertThat(updateAs(this.roles.writer, insert)).isEqualTo(1);
		assertThat(updateAs(this.roles.writer, insert)).isZero();
		assertDenied(this.roles.writer, "SELECT count(*) FROM safetykit.request");
		assertDenied(this.roles.writer, "UPDATE safetykit.request SET status = 'failed'");
		assertDenied(this.roles.writer, "DELETE FROM safetykit.request");
		assertDenied(this.roles.writer, "INSERT INTO safetykit.item (namespace, request_id, item_id) VALUES ('a', 'b', 'c')");

		Path file = Files.writeString(this.dir.resolve("writer.csv"), "writer,w-1\nwriter,w-2,import\n");
		assertThat(app(this.roles.writer, "enqueue", file.toString())).isEqualTo(ExitCodes.COMPLETED);
		assertThat(output).contains("enqueued 1 new, 1 already present");
	}

	@Test
	void readerRoleReadsReportsButNotResultLinks() throws SQLException {
		assertThat(queryAs(this.roles.reader, """
				SELECT count(*) FROM safetykit.request r
				LEFT JOIN safetykit.import_result i USING (namespace, request_id)
				WHERE i.data_count IS NULL OR i.data_count >= 0 OR i.file_loaded_at IS NOT NULL""")).hasSize(1);
		assertDenied(this.roles.reader, "SELECT data_url FROM safetykit.import_result");
		assertThat(queryAs(this.roles.reader, """
				SELECT count(*) FROM safetykit.item_version, safetykit.item_label_version, safetykit.label_change,
				safetykit.item_label_as_of(now()) LIMIT 1""")).hasSize(1);
		assertDenied(this.roles.reader, "INSERT INTO safetykit.item_label_version (namespace, request_id, item_id, "
				+ "label, attributes, valid_from, valid_to) VALUES ('r', 'r', 'r', 'r', '{}', now(), now())");
		assertDenied(this.roles.reader, "INSERT INTO safetykit.request (namespace, request_id) VALUES ('r', 'r')");
	}

	@Test
	void viewsAddedByLaterMigrationsAreReadableWithoutGrantingAgain() throws SQLException {
		updateAs(this.roles.owner, """
				CREATE VIEW safetykit.request_status_count AS
				SELECT status, count(*) AS requests FROM safetykit.request GROUP BY status""");
		assertThat(queryAs(this.roles.reader, "SELECT count(*) FROM safetykit.request_status_count")).hasSize(1);
		assertThat(queryAs(this.roles.job, "SELECT count(*) FROM safetykit.request_status_count")).hasSize(1);
	}

	@Test
	void migrateRefusesToRunWithFlywayDisabled(CapturedOutput output) throws Exception {
		assertThat(app(this.roles.owner, "migrate", "--spring.flyway.enabled=false")).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(output).contains("migrate needs Flyway");
	}

	/** Runs the application as a role; all but the owner run with Flyway off, as documented. */
	private int app(String role, String... arguments) {
		List<String> args = new ArrayList<>(List.of(arguments));
		args.addAll(this.roles.settingsFor(role));
		if (!role.equals(this.roles.owner)) {
			args.add("--spring.flyway.enabled=false");
		}
		args.add("--safetykit.base-url=" + this.simulator.baseUri());
		args.add("--safetykit.api-key=test-key");
		args.add("--reconciler.retry-initial-delay=1ms");
		args.add("--reconciler.retry-max-delay=20ms");
		return ReconcilerApplication.run(args.toArray(String[]::new));
	}

	private List<String> queryAs(String role, String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = this.roles.connectAs(role); Statement statement = connection.createStatement()) {
			var result = statement.executeQuery(sql);
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows;
	}

	private int updateAs(String role, String sql) throws SQLException {
		try (Connection connection = this.roles.connectAs(role); Statement statement = connection.createStatement()) {
			return statement.executeUpdate(sql);
		}
	}

	private void assertDenied(String role, String sql) {
		assertThatExceptionOfType(SQLException.class).as(sql).isThrownBy(() -> updateAs(role, sql))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
	}

}
