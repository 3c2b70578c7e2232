package io.safetykit.reconciler.reconcile;

import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.Scenario.Malformation;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request per chunk: Spring Batch counts each batch of answers as one item read, processed and
 * written in a chunk of its own, while the run's summary counts the requests, and only those whose
 * chunk committed; and a restart takes only what the committed chunks left of the run's limit.
 */
@TestPropertySource(properties = "reconciler.chunk-size=1")
class ChunkCountsIntegrationTests extends JobIntegrationTestSupport {

	@Autowired
	private RestartCommand restartCommand;

	@Test
	void countsEachBatchAsOneChunkAndWritesEveryRequest() throws Exception {
		for (int i = 0; i < 30; i++) {
			simulator.register("pair", "good-" + i, Scenario.add(2, 1));
			simulator.register("pair", "bad-" + i, Scenario.malformed(Malformation.NOT_JSON));
			enqueue("pair", "good-" + i);
			enqueue("pair", "bad-" + i);
		}
		RunResult result = run();
		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(result.summary().skipped()).isEqualTo(30);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE status = 'succeeded'")).isEqualTo(30);
		assertThat(count("SELECT count(*) FROM safetykit.item")).isEqualTo(60);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL")).isZero();
		Map<String, Object> step = this.jdbc.queryForMap("""
				SELECT read_count, write_count, process_skip_count, commit_count FROM batch_step_execution
				WHERE step_name = 'reconcileStep' ORDER BY step_execution_id DESC LIMIT 1""");
		assertThat(step).containsEntry("read_count", 60L).containsEntry("write_count", 60L)
			.containsEntry("process_skip_count", 0L);
		assertThat(((Number) step.get("commit_count")).longValue()).isGreaterThanOrEqualTo(60);
	}

	@Test
	void theSummaryOfARunWhoseChunkFailedCountsOnlyWhatWasCommitted() throws Exception {
		for (int i = 0; i < 30; i++) {
			simulator.register("poison", "req-" + i, Scenario.add(2, 1));
			enqueue("poison", "req-" + i);
		}
		RunResult result;
		try (AutoCloseable refused = refuseToComplete("req-20")) {
			result = run();
		}
		assertThat(result.status()).isEqualTo(BatchStatus.FAILED);
		long stored = count("SELECT count(*) FROM safetykit.request WHERE status = 'succeeded'");
		assertThat(stored).isLessThan(30);
		assertThat(result.summary().succeeded()).isEqualTo(stored);
		assertThat(result.summary().itemsWritten()).isEqualTo(count("SELECT count(*) FROM safetykit.item"));
		assertThat(result.summary().polled()).isGreaterThan(stored);
	}

	@Test
	void aRestartTakesOnlyWhatIsLeftOfTheLimit() throws Exception {
		for (int i = 0; i < 30; i++) {
			String id = String.format("req-%02d", i);
			simulator.register("limited", id, Scenario.add(1, 1));
			enqueue("limited", id);
		}
		RunResult first;
		try (AutoCloseable refused = refuseToComplete("req-10")) {
			first = run("namespace=limited", "limit=20");
		}
		assertThat(first.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(succeeded("limited")).isBetween(1L, 19L);

		assertThat(this.restartCommand.run(List.of(Long.toString(first.executionId())))).isZero();
		assertThat(succeeded("limited")).isEqualTo(20);
	}

}
