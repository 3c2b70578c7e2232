package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.safetykit.reconciler.simulator.SafetyKitSimulator;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.SimulatorSettings;
import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.ForkedReconciler.Finished;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import io.safetykit.reconciler.support.PgBouncer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job behind a real PgBouncer in transaction pooling, as many production databases are reached:
 * forked runs connect through it ({@code prepareThreshold=0}, Flyway off: the schema was migrated
 * over the direct connection), with fewer server connections than clients. A run killed with -9,
 * the run after it within and after the claim lease, and two runs at once.
 */
class PgBouncerIntegrationTests extends JobIntegrationTestSupport {

	private static final int REQUESTS = 300;

	private static final int CHUNK_SIZE = 10;

	private static final int CONCURRENCY = 4;

	/** Fetched but not yet written when a run dies: the window of the pipeline and two chunks being written. */
	private static final int IN_FLIGHT = CHUNK_SIZE + 2 * CONCURRENCY + 2 * CHUNK_SIZE;

	/** The killed runs' lease, short to keep the wait for its bound short; the other runs keep the default. */
	private static final Duration SHORT_LEASE = Duration.ofSeconds(5);

	private static final SafetyKitSimulator slow = SafetyKitSimulator.start(SimulatorSettings.defaults(API_KEY)
		.withLatency(Duration.ofMillis(30)).withDefaultScenario(Scenario.add(2, 2)));

	private static PgBouncer bouncer;

	@BeforeAll
	static void startPgBouncer() throws Exception {
		bouncer = PgBouncer.start();
	}

	@AfterAll
	static void stopPgBouncerAndSimulator() throws Exception {
		if (bouncer != null) {
			bouncer.close();
		}
		slow.close();
	}

	@Test
	void afterAKilledRunTheNextRunPastTheLeaseTakesEveryRequestAndRecoversTheDeadExecution() throws Exception {
		enqueueMany("pool-crash");
		long killed = runAndKill("pool-crash", SHORT_LEASE);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by = ?", killed)).isPositive();
		asIfOnAnotherMachine(killed);

		// the documented bound: a dead run's claims are free at most one lease after its last renewal
		awaitLeaseRunOut(killed, SHORT_LEASE.plusSeconds(2));
		Finished next = ForkedReconciler.run(pooled(null), "namespace=pool-crash");
		assertThat(next.exitCode()).as(next.output()).isZero();
		assertThat(next.output()).contains("Job execution " + killed + " was left STARTED by a process that is gone")
			.contains("left_to_other_runs=0");

		assertUndisturbedEndState("pool-crash", REQUESTS);
		assertFetchedTwiceAtMostInFlight("pool-crash");
		assertThat(executionStatus(killed)).isEqualTo("FAILED");
		assertThat(count("SELECT count(*) FROM safetykit.run_lease WHERE job_execution_id = ?", killed)).isZero();
	}

	@Test
	void aRunStartedWithinTheLeaseOfAKilledRunSaysWhatItLeftAndWhy() throws Exception {
		enqueueMany("pool-early");
		long killed = runAndKill("pool-early", Duration.ofSeconds(60));
		long held = count("SELECT count(*) FROM safetykit.request WHERE claimed_by = ?", killed);
		assertThat(held).isPositive();
		asIfOnAnotherMachine(killed);

		Finished early = ForkedReconciler.run(pooled(null), "namespace=pool-early");
		assertThat(early.exitCode()).as(early.output()).isZero();
		assertThat(early.output()).contains("Run ")
			.contains(" COMPLETED")
			.contains(held + " requests left to job execution " + killed + ", whose claim lease is live until ")
			.contains("left_to_other_runs=" + held);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by = ?", killed)).isEqualTo(held);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE namespace = 'pool-early' AND status = 'queued' "
				+ "AND claimed_by IS NULL")).isZero();

		// once that lease has run out (made to, rather than waited for), the next run takes them
		this.jdbc.update("UPDATE safetykit.run_lease SET expires_at = now() WHERE job_execution_id = ?", killed);
		Finished after = ForkedReconciler.run(pooled(null), "namespace=pool-early");
		assertThat(after.exitCode()).as(after.output()).isZero();
		assertThat(after.output()).contains("Summary: polled=" + held + " ");
		assertUndisturbedEndState("pool-early", REQUESTS);
		assertFetchedTwiceAtMostInFlight("pool-early");
	}

	@Test
	void twoRunsAtOnceThroughThePoolerFetchEachRequestOnce() throws Exception {
		enqueueMany("pool-pair");
		try (ForkedReconciler nightly = ForkedReconciler.start(pooled(null), "namespace=pool-pair");
				ForkedReconciler backfill = ForkedReconciler.start(pooled(null), "namespace=pool-pair")) {
			assertThat(nightly.waitFor(Duration.ofSeconds(90))).as(nightly.output()).isZero();
			assertThat(backfill.waitFor(Duration.ofSeconds(90))).as(backfill.output()).isZero();
		}
		assertUndisturbedEndState("pool-pair", REQUESTS);
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(slow.statusCalls("pool-pair", id(i))).as("status calls for " + id(i)).isEqualTo(1);
		}
		assertThat(count("SELECT count(*) FROM safetykit.run_lease r JOIN batch_job_execution e "
				+ "USING (job_execution_id) WHERE e.status = 'COMPLETED'")).isZero();
	}

	/** Starts a run through the pooler, kills it with -9 once it is well under way; returns its execution. */
	private long runAndKill(String namespace, Duration lease) throws Exception {
		try (ForkedReconciler forked = ForkedReconciler.start(pooled(lease), "namespace=" + namespace)) {
			// generous: a JVM starting on a loaded machine, not the run, takes most of it
			long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
			while (succeeded(namespace) < 40) {
				assertThat(forked.isAlive()).as(forked.output()).isTrue();
				assertThat(System.nanoTime()).as(() -> "progress of the forked run:\n" + forked.output()
						+ "\nPgBouncer:\n" + bouncer.log()).isLessThan(deadline);
				Thread.sleep(20);
			}
			forked.kill();
		}
		assertThat(succeeded(namespace)).isLessThan(REQUESTS);
		long killed = count("SELECT max(job_execution_id) FROM batch_job_execution");
		assertThat(executionStatus(killed)).isEqualTo("STARTED");
		return killed;
	}

	/**
	 * A killed run on this machine is seen to be gone at once (ProcessLifecycleIntegrationTests); one
	 * on another host or in another pod only by its lease running out, which is what these tests check.
	 */
	private void asIfOnAnotherMachine(long executionId) {
		this.jdbc.update("UPDATE safetykit.run_lease SET process = NULL WHERE job_execution_id = ?", executionId);
	}

	private void awaitLeaseRunOut(long executionId, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (count("SELECT count(*) FROM safetykit.run_lease WHERE job_execution_id = ? AND expires_at > now()",
				executionId) > 0) {
			assertThat(System.nanoTime()).as("the dead run's lease running out").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	/** Only what the killed run had fetched but not written is fetched again, and only once. */
	private void assertFetchedTwiceAtMostInFlight(String namespace) {
		int twice = 0;
		for (int i = 0; i < REQUESTS; i++) {
			int calls = slow.statusCalls(namespace, id(i));
			assertThat(calls).as("status calls for " + id(i)).isBetween(1, 2);
			twice += (calls == 2) ? 1 : 0;
		}
		assertThat(twice).isLessThanOrEqualTo(IN_FLIGHT);
	}

	private void enqueueMany(String namespace) {
		for (int i = 0; i < REQUESTS; i++) {
			enqueue(namespace, id(i));
		}
	}

	private static String id(int i) {
		return String.format("req-%04d", i);
	}

	private String executionStatus(long executionId) {
		return this.jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
				String.class, executionId);
	}

	/** Settings of a run through PgBouncer; {@code lease} null for the default. */
	private static Map<String, String> pooled(Duration lease) {
		Map<String, String> environment = new HashMap<>();
		environment.put("SPRING_DATASOURCE_URL", bouncer.jdbcUrl());
		environment.put("SPRING_FLYWAY_ENABLED", "false");
		environment.put("SAFETYKIT_API_KEY", API_KEY);
		environment.put("SAFETYKIT_BASE_URL", slow.baseUri().toString());
		environment.put("RECONCILER_CONCURRENCY", Integer.toString(CONCURRENCY));
		environment.put("RECONCILER_CHUNK_SIZE", Integer.toString(CHUNK_SIZE));
		environment.put("RECONCILER_PROGRESS_INTERVAL", "1h");
		if (lease != null) {
			environment.put("RECONCILER_CLAIM_LEASE", lease.toSeconds() + "s");
		}
		return environment;
	}

}
