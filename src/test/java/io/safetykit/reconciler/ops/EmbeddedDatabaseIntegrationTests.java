package io.safetykit.reconciler.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.ForkedReconciler.Finished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A command with no database URL, on the embedded server as the demo runs it. */
class EmbeddedDatabaseIntegrationTests {

	private static final Duration STARTS_WITHIN = Duration.ofMinutes(3);

	@TempDir
	Path home;

	@Test
	void startsAServerForTheCommandAndStopsItAtTheEnd() throws Exception {
		Finished first = run("migrate");
		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(first.output().lines().filter((line) -> line.contains("Database: ")))
			.singleElement().asString().contains("Database: embedded PostgreSQL at jdbc:postgresql://localhost:",
					"data in " + dataDirectory(), "(SPRING_DATASOURCE_URL is not set)");
		assertThat(dataDirectory().resolve("postmaster.pid")).doesNotExist();
	}

	@Test
	void keepsItsDataAndGivesASecondProcessOneLineAndCleansUpAfterAKilledOne() throws Exception {
		// enqueue reads standard input until it closes: the first process holds the server meanwhile
		try (ForkedReconciler holder = ForkedReconciler.start(embedded(), "enqueue")) {
			waitFor(() -> holder.output().contains("Database: embedded"), holder);
			Finished second = run("migrate");
			assertThat(second.exitCode()).as(second.output()).isEqualTo(ExitCodes.FAILED);
			assertThat(second.output().lines().filter((line) -> line.contains(" ERROR "))).singleElement()
				.asString()
				.contains("Another process is using the embedded database in " + dataDirectory());
			assertThat(second.output()).doesNotContain("\tat ");
			holder.kill();
		}
		assertThat(dataDirectory().resolve("postmaster.pid")).as("the killed JVM's server is still running").exists();
		// the next process stops the server the killed one left behind, and starts its own on the same data
		Finished after = run("report", "outstanding_request");
		assertThat(after.exitCode()).as(after.output()).isZero();
		assertThat(after.standardOutput()).startsWith("namespace,request_id,");
		assertThat(dataDirectory().resolve("postmaster.pid")).doesNotExist();
	}

	/** The first start makes a cluster (initdb) before Spring starts: more time than other forked runs get. */
	private Finished run(String... args) throws Exception {
		try (ForkedReconciler forked = ForkedReconciler.start(embedded(), args)) {
			int code = forked.waitFor(STARTS_WITHIN);
			return new Finished(code, forked.output(), forked.standardOutput());
		}
	}

	private Map<String, String> embedded() {
		return Map.of("SPRING_DATASOURCE_URL", "", "RECONCILER_EMBEDDED_DATABASE_ENABLED", "true",
				"RECONCILER_EMBEDDED_DATABASE_DATA_DIRECTORY", dataDirectory().toString());
	}

	private Path dataDirectory() {
		return this.home.resolve("postgres");
	}

	private static void waitFor(BooleanSupplier condition, ForkedReconciler process)
			throws InterruptedException {
		long deadline = System.nanoTime() + STARTS_WITHIN.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(process.isAlive()).as(process.output()).isTrue();
			assertThat(System.nanoTime()).as(process.output()).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

}
