package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.simulator.SafetyKitSimulator;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.SimulatorSettings;
import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that disturb a run in a forked JVM midway: {@link #REQUESTS} requests against a slow
 * simulator, so that the run is still going when the test acts, and a restart in this process.
 */
abstract class ForkedRunTestSupport extends JobIntegrationTestSupport {

	static final int REQUESTS = 300;

	/** Shared by the classes that extend this one; it lives as long as the test JVM, as {@link #simulator} does. */
	static final SafetyKitSimulator slow = SafetyKitSimulator.start(SimulatorSettings.defaults(API_KEY)
		.withLatency(Duration.ofMillis(30)).withDefaultScenario(Scenario.add(2, 2)));

	@Autowired
	private RestartCommand restartCommand;

	void enqueueMany(String namespace) {
		for (int i = 0; i < REQUESTS; i++) {
			enqueue(namespace, id(i));
			// in-process reruns talk to the fast simulator: give it the same answers
			simulator.register(namespace, id(i), Scenario.add(2, 2));
		}
	}

	static String id(int i) {
		return String.format("req-%04d", i);
	}

	/** The forked run's settings: the slow simulator, 4 calls at once, chunks of 10, and {@code extra}. */
	static Map<String, String> environment(Map<String, String> extra) {
		Map<String, String> environment = new HashMap<>(Map.of("SAFETYKIT_API_KEY", API_KEY, "SAFETYKIT_BASE_URL",
				slow.baseUri().toString(), "RECONCILER_CONCURRENCY", "4", "RECONCILER_CHUNK_SIZE", "10",
				"RECONCILER_PROGRESS_INTERVAL", "1h"));
		environment.putAll(extra);
		return environment;
	}

	void awaitSucceeded(ForkedReconciler forked, String namespace, long atLeast) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (succeeded(namespace) < atLeast) {
			assertThat(forked.isAlive()).as(forked.output()).isTrue();
			assertThat(System.nanoTime()).as("progress of the forked run").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	long lastExecutionId() {
		return count("SELECT max(job_execution_id) FROM batch_job_execution WHERE job_instance_id IN "
				+ "(SELECT job_instance_id FROM batch_job_instance WHERE job_name = 'reconcileJob')");
	}

	String executionStatus(long executionId) {
		return this.jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
				String.class, executionId);
	}

	/** {@code restart} of the execution exits 0, and its job instance has completed. */
	void assertRestartCompletes(long executionId) throws Exception {
		assertThat(this.restartCommand.run(List.of(Long.toString(executionId)))).isZero();
		assertThat(count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_execution s USING (job_instance_id) "
				+ "WHERE s.job_execution_id = ? AND e.status = 'COMPLETED'", executionId)).isEqualTo(1);
	}

}
