package io.safetykit.reconciler.reconcile;

import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.simulator.Fault;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconcile step in two slices (one fetcher each): each slice polls its own part of the run's
 * selection, Spring Batch sums their counts, and a slice that fails stops the other.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "reconciler.concurrency=2", "reconciler.pipeline.writers=2",
		"reconciler.pipeline.window=2", "reconciler.pipeline.claim-batch=1" })
class SlicedStepIntegrationTests extends JobIntegrationTestSupport {

	@Test
	void eachSlicePollsItsOwnPartOfTheRunsPartitionOnce() throws Exception {
		for (int i = 0; i < 90; i++) {
			simulator.register("sliced", id(i), Scenario.add(1, 1));
			enqueue("sliced", id(i));
		}
		RunResult result = run("partition=1/3");
		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		long inPartition = count(
				"SELECT count(*) FROM safetykit.request WHERE safetykit.request_slice(namespace, request_id, 3) = 1");
		assertThat(result.summary().polled()).isEqualTo(inPartition);
		assertThat(count("""
				SELECT count(*) FROM safetykit.request
				WHERE (safetykit.request_slice(namespace, request_id, 3) = 1) <> (poll_count = 1)""")).isZero();
		List<Map<String, Object>> slices = this.jdbc.queryForList("""
				SELECT step_name, status, read_count FROM batch_step_execution
				WHERE job_execution_id = ? AND step_name LIKE 'reconcileSlice:%' ORDER BY step_name""",
				result.executionId());
		assertThat(slices).extracting((s) -> s.get("step_name"))
			.containsExactly("reconcileSlice:slice0", "reconcileSlice:slice1");
		assertThat(slices).allSatisfy((s) -> {
			assertThat(s.get("status")).isEqualTo("COMPLETED");
			assertThat(((Number) s.get("read_count")).longValue()).isPositive();
		});
		long sliceReads = slices.stream().mapToLong((s) -> ((Number) s.get("read_count")).longValue()).sum();
		assertThat(count("SELECT read_count FROM batch_step_execution WHERE job_execution_id = ? AND step_name = ?",
				result.executionId(), "reconcileStep")).isEqualTo(sliceReads);
	}

	@Test
	void aSliceThatFailsStopsTheOther(CapturedOutput output) throws Exception {
		for (int i = 0; i < 40; i++) {
			enqueue("sliced", id(i));
		}
		List<String> first = slice(0);
		List<String> second = slice(1);
		// the first request of slice 0 fails the run; every request of slice 1 takes a second
		simulator.register("sliced", first.get(0), Scenario.add(1, 1).withFaults(Fault.httpStatus(401)));
		first.subList(1, first.size()).forEach((id) -> simulator.register("sliced", id, Scenario.add(1, 1)));
		second.forEach((id) -> simulator.register("sliced", id,
				Scenario.add(1, 1).withFaults(Fault.httpStatus(503, "1"))));
		RunResult result = run("namespace=sliced");
		assertThat(result.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output).contains("check SAFETYKIT_API_KEY")
			.contains("reconcileSlice:slice0 failed; the other slices claim no more")
			.doesNotContain("Partition handler")
			.doesNotContain("JobInterruptedException")
			.doesNotContain(API_KEY);
		assertThat(this.jdbc.queryForList("""
				SELECT status FROM batch_step_execution
				WHERE job_execution_id = ? AND step_name LIKE 'reconcileSlice:%' ORDER BY step_name""", String.class,
				result.executionId())).containsExactly("FAILED", "STOPPED");
		long secondPolled = count("""
				SELECT count(*) FROM safetykit.request
				WHERE poll_count > 0 AND safetykit.request_slice(namespace, request_id, 2) = 1""");
		// slice 1 stopped long before its 20 requests of a second each were done
		assertThat(secondPolled).isLessThan(second.size());
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL")).isZero();
	}

	private List<String> slice(int slice) {
		return this.jdbc.queryForList("""
				SELECT request_id FROM safetykit.request
				WHERE namespace = 'sliced' AND safetykit.request_slice(namespace, request_id, 2) = ?
				ORDER BY request_id""", String.class, slice);
	}

	private static String id(int i) {
		return String.format("req-%03d", i);
	}

}
