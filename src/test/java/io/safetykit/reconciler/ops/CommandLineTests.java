package io.safetykit.reconciler.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTests {

	@Test
	void jobParametersAloneMeanTheRunCommand() {
		CommandLine line = CommandLine.parse("namespace=a", "limit=5");
		assertThat(line.command()).isEqualTo("run");
		assertThat(line.explicit()).isFalse();
		assertThat(line.arguments()).containsExactly("namespace=a", "limit=5");
	}

	@Test
	void splitsSpringSettingsFromCommandArguments() {
		CommandLine line = CommandLine.parse("--spring.profiles.active=demo", "report", "label_daily", "--format",
				"csv", "--reconciler.chunk-size=10");
		assertThat(line.command()).isEqualTo("report");
		assertThat(line.explicit()).isTrue();
		assertThat(line.arguments()).containsExactly("label_daily", "--format", "csv");
		assertThat(line.settings()).containsExactly("--spring.profiles.active=demo", "--reconciler.chunk-size=10");
	}

	@Test
	void knowsTheCommandsThatRunTheJob() {
		assertThat(CommandLine.parse().runsTheJob()).isTrue();
		assertThat(CommandLine.parse("namespace=a").runsTheJob()).isTrue();
		assertThat(CommandLine.parse("restart", "7").runsTheJob()).isTrue();
		assertThat(CommandLine.parse("demo").runsTheJob()).isTrue();
		assertThat(CommandLine.parse("report", "label_daily").runsTheJob()).isFalse();
		assertThat(CommandLine.parse("enqueue").runsTheJob()).isFalse();
		assertThat(CommandLine.parse("migrate").runsTheJob()).isFalse();
	}

}
