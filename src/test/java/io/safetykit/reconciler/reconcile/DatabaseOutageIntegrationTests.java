package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.TcpRelay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that goes away under a running job (a restart, a failover): a forked run talks to
 * PostgreSQL through a relay that the test cuts midway, and restores before the run ends or only
 * after. The run must end in one line that says what to do, report only what it committed, and
 * leave a job instance that a restart finishes.
 */
class DatabaseOutageIntegrationTests extends ForkedRunTestSupport {

	private static final Pattern SUCCEEDED = Pattern.compile("Summary: .*\\bsucceeded=(\\d+)");

	@Test
	void aRunThatLosesItsDatabaseSaysSoInOneLineAndARestartFinishesTheJob() throws Exception {
		// the database is back once the run has found out, before it records how it ended: the
		// worst case, in which Spring Batch records the run UNKNOWN and will not restart it
		Ended ended = cutOff("outage", true);
		long execution = lastExecutionId();
		System.out.printf("database cut: run %d ended %s with %d of %d requests stored%n", execution,
				executionStatus(execution), succeeded("outage"), REQUESTS);

		assertThat(ended.exitCode()).as(ended.output()).isEqualTo(1);
		// the run says how to go on; if even its end could not be recorded, the command says it
		assertThat(ended.output()).contains("lost its database connection")
			.containsAnyOf("'restart " + execution + "'", "run it again once the database answers");
		assertThat(ended.output()).as("no stack trace").doesNotContain("\tat ");
		// what it says it stored, it stored; the chunk in flight, rolled back, is not counted
		Matcher summary = SUCCEEDED.matcher(ended.output());
		assertThat(summary.find()).as(ended.output()).isTrue();
		assertThat(Long.parseLong(summary.group(1))).isBetween(40L, succeeded("outage"));

		assertRestartFinishes("outage", execution);
	}

	@Test
	void aRunWhoseDatabaseStaysAwayToTheEndIsTakenForDeadAndRestarted() throws Exception {
		Ended ended = cutOff("away", false);
		long execution = lastExecutionId();

		assertThat(ended.exitCode()).as(ended.output()).isEqualTo(1);
		assertThat(ended.output()).contains("lost its database connection");
		assertThat(ended.output()).as("no stack trace").doesNotContain("\tat ");
		// nothing of its end reached the database: it looks like a run still going
		assertThat(executionStatus(execution)).isEqualTo("STARTED");

		// its process is gone, so the restart marks it FAILED at once and continues it
		assertRestartFinishes("away", execution);
	}

	/** A forked run over {@code namespace}, cut off its database midway; restored before it ends, or after. */
	private Ended cutOff(String namespace, boolean restoreBeforeTheEnd) throws Exception {
		enqueueMany(namespace);
		try (TcpRelay relay = TcpRelay.toTestDatabase();
				ForkedReconciler forked = ForkedReconciler.start(environment(relay), "namespace=" + namespace)) {
			awaitSucceeded(forked, namespace, 40);
			relay.cut();
			if (restoreBeforeTheEnd) {
				awaitOutput(forked, "failed; the other slices");
				Thread.sleep(1_500);
				relay.restore();
			}
			int exitCode = forked.waitFor(Duration.ofSeconds(90));
			return new Ended(exitCode, forked.output());
		}
	}

	private void assertRestartFinishes(String namespace, long execution) throws Exception {
		assertRestartCompletes(execution);
		assertUndisturbedEndState(namespace, REQUESTS);
		assertThat(executionStatus(execution)).isEqualTo("FAILED");
		assertThat(count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND status <> 'FAILED'",
				execution)).as("steps of the lost run left UNKNOWN or STARTED").isZero();
	}

	private static void awaitOutput(ForkedReconciler forked, String text) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!forked.output().contains(text) && forked.isAlive()) {
			assertThat(System.nanoTime()).as("the run noticing the cut").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static Map<String, String> environment(TcpRelay relay) {
		return environment(Map.of("SPRING_DATASOURCE_URL", relay.jdbcUrl(), "SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT",
				"1000"));
	}

	private record Ended(int exitCode, String output) {
	}

}
