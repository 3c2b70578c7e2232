package io.safetykit.reconciler.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.run.RunParameters.Partition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunParametersParserTests {

	@Test
	void readsEveryParameter() {
		Map<String, String> values = RunParametersParser.parseArguments(List.of("namespace=listings",
				"requestIds=a, b,a", "submittedFrom=2026-11-01", "submittedTo=2026-11-02", "includeTerminal=true",
				"ignoreBackoff=yes", "limit=10", "dryRun", "partition=2/4", "reloadFiles=false",
				"refreshLinksWithin=24h"));
		Instant startedAt = Instant.parse("2026-11-28T00:00:00Z");
		RunParameters run = RunParametersParser
			.fromJobParameters(RunParametersParser.toJobParameters(values, startedAt));
		assertThat(run.namespace()).isEqualTo("listings");
		assertThat(run.requestIds()).containsExactly("a", "b");
		assertThat(run.submittedFrom()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
		assertThat(run.submittedTo()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
		assertThat(run.includeTerminal()).isTrue();
		assertThat(run.ignoreBackoff()).isTrue();
		assertThat(run.limit()).isEqualTo(10);
		assertThat(run.dryRun()).isTrue();
		assertThat(run.partition()).isEqualTo(new Partition(2, 4));
		assertThat(run.reloadFiles()).isFalse();
		assertThat(run.refreshLinksWithin()).isEqualTo(Duration.ofHours(24));
		assertThat(run.runStartedAt()).isEqualTo(startedAt);
	}

	@Test
	void rejectsBadValuesWithALineNamingTheParameter() {
		assertBad("limit=0", "limit must be a positive whole number");
		assertBad("limit=ten", "limit must be a positive whole number");
		assertBad("partition=1/1", "partition must be i/n");
		assertBad("partition=-1/3", "partition must be i/n");
		assertBad("dryRun=maybe", "dryRun must be true or false");
		assertBad("requestIds=,", "requestIds must list at least one");
		assertBad("submittedTo=2026-13-01", "submittedTo must be an ISO date");
		assertBad("refreshLinksWithin=-1h", "refreshLinksWithin must be a positive duration");
		assertBad("color=blue", "Unknown job parameter 'color'");
		assertBad("requestIds=" + "r,".repeat(1300), "longer than 2500 characters");
		assertThatThrownBy(() -> RunParametersParser.parseArguments(List.of("limit=1", "limit=2")))
			.hasMessageContaining("given twice");
		assertThatThrownBy(() -> RunParametersParser
			.parseArguments(List.of("submittedFrom=2026-11-02", "submittedTo=2026-11-01")))
			.hasMessageContaining("submittedFrom must be before submittedTo");
	}

	private static void assertBad(String argument, String message) {
		assertThatThrownBy(() -> RunParametersParser.parseArguments(List.of(argument)))
			.isInstanceOf(UsageException.class).hasMessageContaining(message);
	}

}
