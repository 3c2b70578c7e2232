package io.safetykit.reconciler.reconcile;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;

import io.safetykit.reconciler.simulator.SafetyKitSimulator;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.SimulatorSettings;
import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live run whose claim lease runs out (its renewals failed past the expiry, as when the database
 * was out of reach for longer than the lease) stops FAILED with one line, and writes nothing after.
 */
class LostLeaseIntegrationTests extends JobIntegrationTestSupport {

	private static final int REQUESTS = 300;

	private static final SafetyKitSimulator slow = SafetyKitSimulator.start(SimulatorSettings.defaults(API_KEY)
		.withLatency(Duration.ofMillis(30)).withDefaultScenario(Scenario.add(1, 1)));

	@AfterAll
	static void stopSlowSimulator() {
		slow.close();
	}

	@Test
	void aRunWhoseLeaseRanOutStopsFailedWithoutWritingMore() throws Exception {
		for (int i = 0; i < REQUESTS; i++) {
			enqueue("lost", String.format("req-%04d", i));
		}
		int exitCode;
		String output;
		Timestamp ranOut;
		long execution;
		try (ForkedReconciler forked = ForkedReconciler.start(Map.of("SAFETYKIT_API_KEY", API_KEY,
				"SAFETYKIT_BASE_URL", slow.baseUri().toString(), "RECONCILER_CONCURRENCY", "4",
				"RECONCILER_CHUNK_SIZE", "10"), "namespace=lost")) {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (count("SELECT count(*) FROM safetykit.request WHERE namespace = 'lost' AND status = 'succeeded'") < 40) {
				assertThat(forked.isAlive()).as(forked.output()).isTrue();
				assertThat(System.nanoTime()).as("progress of the forked run").isLessThan(deadline);
				Thread.sleep(20);
			}
			execution = count("SELECT max(job_execution_id) FROM safetykit.run_lease");
			this.jdbc.update("UPDATE safetykit.run_lease SET expires_at = now() WHERE job_execution_id = ?", execution);
			// read after the expiry committed: a chunk whose transaction began before then may still
			// have seen the lease live, and rightly wrote its rows
			ranOut = this.jdbc.queryForObject("SELECT now()", Timestamp.class);
			exitCode = forked.waitFor(Duration.ofSeconds(60));
			output = forked.output();
		}
		assertThat(exitCode).as(output).isEqualTo(1);
		assertThat(output).containsPattern("Run " + execution + " FAILED: Job execution " + execution
				+ " (lost its claim lease|no longer claims)");
		assertThat(output).doesNotContain("\tat ");
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE namespace = 'lost' AND status = 'succeeded'"))
			.isLessThan(REQUESTS);
		// no chunk whose transaction began after the expiry wrote anything
		assertThat(count("SELECT count(*) FROM safetykit.request_event WHERE job_execution_id = ? AND observed_at >= ?",
				execution, ranOut)).isZero();
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL")).isZero();
	}

}
