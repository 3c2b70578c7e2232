package io.safetykit.reconciler.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SimulatorArgumentsTests {

	@Test
	void readsEveryOption() {
		SimulatorSettings settings = SimulatorArguments.parse("--port", "9091", "--latency", "50ms", "--api-key",
				"k1", "--items=7", "--labels", "3", "--kind", "import", "--threads", "16");

		assertThat(settings.port()).isEqualTo(9091);
		assertThat(settings.latency()).isEqualTo(Duration.ofMillis(50));
		assertThat(settings.apiKey()).isEqualTo("k1");
		assertThat(settings.threads()).isEqualTo(16);
		assertThat(settings.defaultScenario().items()).isEqualTo(7);
		assertThat(settings.defaultScenario().labelsPerItem()).isEqualTo(3);
		assertThat(settings.defaultScenario().kind()).isEqualTo(Scenario.Kind.IMPORT);
	}

	@Test
	void readsShortAndIsoDurations() {
		assertThat(SimulatorArguments.duration("50ms")).isEqualTo(Duration.ofMillis(50));
		assertThat(SimulatorArguments.duration("1s")).isEqualTo(Duration.ofSeconds(1));
		assertThat(SimulatorArguments.duration("PT0.05S")).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void defaultsToOneSucceededAddItemWithTwoLabelsOnAFreePort() {
		SimulatorSettings settings = SimulatorArguments.parse();

		assertThat(settings.port()).isZero();
		assertThat(settings.defaultScenario()).isEqualTo(Scenario.add(1, 2));
	}

	@Test
	void rejectsUnknownOptionsAndMissingValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorArguments.parse("--colour", "red"));
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorArguments.parse("--port"));
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatorArguments.parse("--kind", "delete"));
	}

}
