package io.safetykit.reconciler.report;

import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.ForkedReconciler.Finished;
import io.safetykit.reconciler.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report} as an operator runs it: its exit codes, and nothing on standard output but the rows. */
class ReportProcessIntegrationTests {

	@Test
	void writesOnlyTheRowsToStandardOutput() throws Exception {
		DataSource dataSource = new DriverManagerDataSource(TestDatabase.url(), TestDatabase.username(),
				TestDatabase.password());
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load()
			.migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("DELETE FROM safetykit.request_event WHERE namespace = 'process-test'");
		new ReportRows(jdbc).event("process-test", "r1", "queued", Instant.parse("2024-05-01T10:00:00Z"), "a, \"b\"");
		Finished finished = ForkedReconciler.run(Map.of(), "report", "request_history", "--namespace", "process-test");
		assertThat(finished.exitCode()).as(finished.output()).isZero();
		assertThat(finished.standardOutput()).as(finished.output()).matches("namespace,request_id,event_id,observed_at,status,event_type,detail,"
				+ "job_execution_id\r\nprocess-test,r1,\\d+,2024-05-01T10:00:00Z,queued,status,\"a, \"\"b\"\"\",\r\n");
	}

	@Test
	void exitsWithTwoAndOneLineOnABadView() throws Exception {
		Finished finished = ForkedReconciler.run(Map.of(), "report", "labels_daily");
		assertThat(finished.exitCode()).as(finished.output()).isEqualTo(2);
		assertThat(finished.output().lines().filter((line) -> line.contains(" ERROR "))).singleElement()
			.asString()
			.contains("Unknown view 'labels_daily'; views: label_daily, item_latest_label");
		assertThat(finished.output()).doesNotContain("\tat ");
	}

	@Test
	void exitsWithTwoAndOneLineOnABadInstant() throws Exception {
		Finished finished = ForkedReconciler.run(Map.of(), "report", "item_latest_label", "--as-of",
				"2024-13-01T00:00:00Z");
		assertThat(finished.exitCode()).as(finished.output()).isEqualTo(2);
		assertThat(finished.output().lines().filter((line) -> line.contains(" ERROR "))).singleElement()
			.asString()
			.contains("--as-of: '2024-13-01T00:00:00Z' is not an ISO-8601 instant");
		assertThat(finished.output()).doesNotContain("\tat ");
	}

}
