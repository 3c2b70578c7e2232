package io.safetykit.reconciler.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.safetykit.reconciler.support.RequiredTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus rules in {@code jobs/monitoring} are valid and pass their unit tests, as promtool sees them. */
class AlertRulesTests {

	private static final Path MONITORING = Path.of("jobs", "monitoring");

	@Test
	void rulesPassPromtoolCheck() throws Exception {
		Path promtool = RequiredTool.find("promtool", "prometheus");
		Result result = run(promtool, "check", "rules", "alerts.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 5 rules found");
	}

	@Test
	void rulesPassTheirPromtoolUnitTests() throws Exception {
		Path promtool = RequiredTool.find("promtool", "prometheus");
		Result result = run(promtool, "test", "rules", "alerts.test.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	private static Result run(Path promtool, String... arguments) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(promtool.toString());
		builder.command().addAll(List.of(arguments));
		Process process = builder.directory(MONITORING.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
