package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.Map;

import io.safetykit.reconciler.support.ForkedReconciler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a process's end does to the tables: kill -9 mid-run, SIGTERM mid-run, and two runs at
 * once, each in forked JVMs against a slow simulator, checked against the state an undisturbed
 * run reaches.
 */
class ProcessLifecycleIntegrationTests extends ForkedRunTestSupport {

	@Test
	void aRunKilledMidwayLosesAtMostItsChunkAndTheNextRunFinishesTheJobAtOnce() throws Exception {
		long killedExecution = runAndKill("crash");
		long doneBeforeRestart = succeeded("crash");

		// its process is gone from this machine, so the next run need not wait for its 30s lease: it
		// marks the dead execution FAILED, frees its claims and takes everything that is left
		assertThat(run("namespace=crash").summary().polled()).isEqualTo(REQUESTS - doneBeforeRestart);
		assertUndisturbedEndState("crash", REQUESTS);
		assertThat(executionStatus(killedExecution)).isEqualTo("FAILED");
		assertThat(count("SELECT count(*) FROM safetykit.run_lease WHERE job_execution_id = ?", killedExecution))
			.isZero();
	}

	@Test
	void aRunKilledMidwayIsRestartedAtOnceAndFinishes() throws Exception {
		long killedExecution = runAndKill("revive");

		assertRestartCompletes(killedExecution);
		assertUndisturbedEndState("revive", REQUESTS);
		assertThat(executionStatus(killedExecution)).isEqualTo("FAILED");
	}

	@Test
	void sigtermWritesWhatWasFetchedRecordsStoppedAndARestartFinishes() throws Exception {
		enqueueMany("term");
		long stopMillis;
		int exitCode;
		String output;
		try (ForkedReconciler forked = ForkedReconciler.start(environment())) {
			awaitSucceeded(forked, "term", 40);
			long sent = System.nanoTime();
			forked.terminate();
			exitCode = forked.waitFor(Duration.ofSeconds(40));
			stopMillis = (System.nanoTime() - sent) / 1_000_000;
			output = forked.output();
		}
		assertThat(exitCode).isEqualTo(1);
		assertThat(stopMillis).isLessThan(30_000);
		assertThat(output).contains("Received SIGTERM").contains("STOPPED");
		// every request the run had claimed was fetched and written before it stopped: none released
		assertThat(output).doesNotContain("Released");
		long stoppedExecution = lastExecutionId();
		assertThat(executionStatus(stoppedExecution)).isEqualTo("STOPPED");
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL")).isZero();
		System.out.printf("SIGTERM: process exited %d ms after the signal, %d of %d requests done%n", stopMillis,
				succeeded("term"), REQUESTS);

		assertRestartCompletes(stoppedExecution);
		assertUndisturbedEndState("term", REQUESTS);
	}

	@Test
	void twoRunsAtOnceFetchEachRequestOnceAndDuplicateNothing() throws Exception {
		enqueueMany("pair");
		try (ForkedReconciler nightly = ForkedReconciler.start(environment());
				ForkedReconciler backfill = ForkedReconciler.start(environment(), "namespace=pair")) {
			assertThat(nightly.waitFor(Duration.ofSeconds(90))).as(nightly.output()).isZero();
			assertThat(backfill.waitFor(Duration.ofSeconds(90))).as(backfill.output()).isZero();
		}
		assertUndisturbedEndState("pair", REQUESTS);
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(slow.statusCalls("pair", id(i))).as("status calls for " + id(i)).isEqualTo(1);
		}
	}

	/** Starts a forked run with the default claim lease and kills it with -9 midway; returns its execution. */
	private long runAndKill(String namespace) throws Exception {
		enqueueMany(namespace);
		try (ForkedReconciler forked = ForkedReconciler.start(environment(), "namespace=" + namespace)) {
			awaitSucceeded(forked, namespace, 40);
			forked.kill();
		}
		assertThat(succeeded(namespace)).isBetween(40L, (long) REQUESTS - 1);
		long killedExecution = lastExecutionId();
		assertThat(executionStatus(killedExecution)).isEqualTo("STARTED");
		assertThat(count("SELECT count(*) FROM safetykit.run_lease WHERE job_execution_id = ? AND expires_at > now()",
				killedExecution)).as("the killed run's lease, still live").isOne();
		return killedExecution;
	}

	private static Map<String, String> environment() {
		return environment(Map.of());
	}

}
