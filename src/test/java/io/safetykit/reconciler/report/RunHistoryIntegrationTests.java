package io.safetykit.reconciler.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.reconcile.RunResult;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** {@code safetykit.run_history}: every job execution with its summary counts, and {@code report run_history}. */
class RunHistoryIntegrationTests extends JobIntegrationTestSupport {

	@Autowired
	private ReportCommand command;

	@TempDir
	private Path directory;

	@Test
	void showsEachRunWithItsSummaryAndARunKilledBeforeItsEndWithoutCounts() throws Exception {
		long killed = killedRun("history");
		simulator.register("history", "h-add", Scenario.add(3, 2));
		simulator.register("history", "h-pending", Scenario.pending("ingesting"));
		simulator.register("history", "h-ghost", Scenario.unknown());
		for (String id : List.of("h-add", "h-pending", "h-ghost")) {
			enqueue("history", id);
		}
		RunResult run = run("namespace=history");

		Map<String, Object> row = this.jdbc.queryForMap("""
				SELECT status, exit_code, exit_status, started_at, ended_at, extract(epoch FROM duration) AS seconds,
				       parameters ->> 'namespace' AS namespace, dry_run, polled, succeeded, failed, still_pending,
				       errors, items, labels, calls, errors_by_kind::text AS errors_by_kind
				FROM safetykit.run_history WHERE id = ?""", run.executionId());
		assertThat(row).containsEntry("status", "COMPLETED")
			.containsEntry("exit_code", 0)
			.containsEntry("exit_status", "COMPLETED")
			.containsEntry("namespace", "history")
			.containsEntry("dry_run", false)
			.containsEntry("polled", 3L)
			.containsEntry("succeeded", 1L)
			.containsEntry("failed", 0L)
			.containsEntry("still_pending", 1L)
			.containsEntry("errors", 1L)
			.containsEntry("items", 3L)
			.containsEntry("labels", 6L)
			.containsEntry("calls", run.summary().calls())
			.containsEntry("errors_by_kind", "{\"not_found\": 1}");
		assertThat(((Number) row.get("seconds")).doubleValue()).isPositive()
			.isCloseTo(run.summary().duration().toMillis() / 1000.0, offset(1.0));
		assertThat(count("""
				SELECT count(*) FROM safetykit.run_history
				WHERE id = ? AND started_at BETWEEN now() - interval '1 minute' AND ended_at AND ended_at <= now()""",
				run.executionId())).isOne();

		Path out = this.directory.resolve("runs.jsonl");
		assertThat(this.command.run(List.of("run_history", "--namespace", "history", "--format", "jsonl", "--out",
				out.toString()))).isZero();
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> rows = Files.readAllLines(out).stream().map(json::readTree).toList();
		JsonNode ended = rows.stream().filter((r) -> r.get("id").asLong() == run.executionId()).findFirst().orElseThrow();
		assertThat(ended.get("polled").asLong()).isEqualTo(3);
		assertThat(ended.get("parameters").get("namespace").asString()).isEqualTo("history");
		assertThat(ended.get("duration").asString()).startsWith("PT");
		JsonNode dead = rows.stream().filter((r) -> r.get("id").asLong() == killed).findFirst().orElseThrow();
		assertThat(dead.get("status").asString()).isEqualTo("FAILED");
		assertThat(dead.get("exit_code").asInt()).isOne();
		assertThat(dead.get("polled").isNull()).isTrue();
		assertThat(dead.get("labels").isNull()).isTrue();
		assertThat(dead.get("started_at").asString()).endsWith("Z");
	}

	@Test
	void aDryRunIsInTheHistoryAsADryRun() throws Exception {
		simulator.register("history-dry", "d-1", Scenario.add(1, 1));
		enqueue("history-dry", "d-1");
		RunResult run = run("namespace=history-dry", "dryRun=true");
		assertThat(this.jdbc.queryForMap("SELECT dry_run, succeeded FROM safetykit.run_history WHERE id = ?",
				run.executionId())).containsEntry("dry_run", true).containsEntry("succeeded", 1L);
	}

	/** What a process killed mid-run leaves once the next run has marked it failed: no summary. */
	private long killedRun(String namespace) {
		Long instance = this.jdbc.queryForObject("""
				INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
				VALUES (nextval('batch_job_instance_seq'), 0, 'reconcileJob', md5(random()::text))
				RETURNING job_instance_id""", Long.class);
		Long execution = this.jdbc.queryForObject("""
				INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
				                                 end_time, status, exit_code, last_updated)
				VALUES (nextval('batch_job_execution_seq'), 2, ?, localtimestamp, localtimestamp, localtimestamp,
				        'FAILED', 'FAILED', localtimestamp)
				RETURNING job_execution_id""", Long.class, instance);
		this.jdbc.update("""
				INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,
				                                        parameter_value, identifying)
				VALUES (?, 'namespace', 'java.lang.String', ?, 'Y')""", execution, namespace);
		return execution;
	}

}
