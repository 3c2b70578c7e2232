package io.safetykit.reconciler.ops;

import java.util.HashMap;
import java.util.Map;

import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.ForkedReconciler.Finished;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors a user can cause get one line that says what to fix, the documented exit code, and no stack trace. */
class UserErrorsIntegrationTests {

	@Test
	void rejectsAnUnknownJobParameter() throws Exception {
		assertOneLineError(run(Map.of(), "nameSpace=listings"), 2, "Unknown job parameter 'nameSpace'");
	}

	@Test
	void rejectsABadParameterValue() throws Exception {
		assertOneLineError(run(Map.of(), "partition=4/4"), 2, "partition must be i/n");
		assertOneLineError(run(Map.of(), "submittedFrom=yesterday"), 2, "submittedFrom must be an ISO date");
	}

	@Test
	void rejectsASettingOutOfRange() throws Exception {
		assertOneLineError(run(Map.of("RECONCILER_CONCURRENCY", "0")), 2, "reconciler.concurrency must be between 1 and");
		assertOneLineError(run(Map.of("RECONCILER_CLAIM_LEASE", "500ms")), 2,
				"reconciler.claim-lease must be between 1s and 1h (e.g. 30s), was PT0.5S");
	}

	@Test
	void rejectsASettingOfTheWrongType() throws Exception {
		assertOneLineError(run(Map.of("RECONCILER_READ_TIMEOUT", "soon")), 2, "Invalid setting reconciler.read-timeout");
	}

	@Test
	void saysHowToNameAPoolSettingInTheEnvironment() throws Exception {
		assertOneLineError(run(Map.of("SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT", "5000")), 2,
				"SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT, not SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT");
	}

	@Test
	void asksForTheApiKeyWhenItIsMissing() throws Exception {
		Map<String, String> environment = new HashMap<>(baseEnvironment());
		environment.remove("SAFETYKIT_API_KEY");
		assertOneLineError(ForkedReconciler.run(environment), 2, "SAFETYKIT_API_KEY");
	}

	@Test
	void refusesPlainHttpToAnotherHost() throws Exception {
		assertOneLineError(run(Map.of("SAFETYKIT_BASE_URL", "http://api.safetykit.com")), 2,
				"SAFETYKIT_BASE_URL (safetykit.base-url) must be an https URL");
	}

	@Test
	void saysHowToPointAtADatabaseWhenNoneAnswers() throws Exception {
		assertOneLineError(run(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere")), 1,
				"Cannot connect to the database");
	}

	@Test
	void rejectsAnUnknownCommand() throws Exception {
		assertOneLineError(run(Map.of(), "reconsile"), 2, "Unknown command 'reconsile'");
	}

	private static Finished run(Map<String, String> extra, String... args) throws Exception {
		Map<String, String> environment = new HashMap<>(baseEnvironment());
		environment.putAll(extra);
		return ForkedReconciler.run(environment, args);
	}

	private static Map<String, String> baseEnvironment() {
		return Map.of("SAFETYKIT_API_KEY", "key-for-user-error-tests", "SAFETYKIT_BASE_URL", "http://127.0.0.1:9");
	}

	private static void assertOneLineError(Finished finished, int exitCode, String message) {
		assertThat(finished.exitCode()).as(finished.output()).isEqualTo(exitCode);
		assertThat(finished.output().lines().filter((line) -> line.contains(" ERROR ")))
			.as(finished.output()).hasSize(1).first().asString().contains(message);
		assertThat(finished.output()).doesNotContain("\tat ").doesNotContain("key-for-user-error-tests");
	}

}
