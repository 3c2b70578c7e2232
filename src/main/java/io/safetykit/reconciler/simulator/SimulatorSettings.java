package io.safetykit.reconciler.simulator;

import java.time.Duration;
import java.util.Objects;

/** How a {@link SafetyKitSimulator} listens and answers requests nobody registered a scenario for. */
public record SimulatorSettings(String apiKey, Duration latency, int threads, Scenario defaultScenario,
		Duration linkTtl, int port) {

	public SimulatorSettings {
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalArgumentException("apiKey must not be blank");
		}
		Objects.requireNonNull(defaultScenario, "defaultScenario");
		// A negative TTL is allowed on purpose: it hands out links that have already expired.
		Objects.requireNonNull(linkTtl, "linkTtl");
		if (latency == null || latency.isNegative()) {
			throw new IllegalArgumentException("latency must be a non-negative duration");
		}
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1, was " + threads);
		}
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0..65535, was " + port);
		}
	}

	/**
	 * No latency, 128 threads, a succeeded Add of one item with two labels for every unregistered
	 * request, one-hour links and a free port.
	 */
	public static SimulatorSettings defaults(String apiKey) {
		return new SimulatorSettings(apiKey, Duration.ZERO, 128, Scenario.add(1, 2), Duration.ofHours(1), 0);
	}

	public SimulatorSettings withApiKey(String apiKey) {
		return new SimulatorSettings(apiKey, latency, threads, defaultScenario, linkTtl, port);
	}

	public SimulatorSettings withLatency(Duration latency) {
		return new SimulatorSettings(apiKey, latency, threads, defaultScenario, linkTtl, port);
	}

	public SimulatorSettings withThreads(int threads) {
		return new SimulatorSettings(apiKey, latency, threads, defaultScenario, linkTtl, port);
	}

	public SimulatorSettings withDefaultScenario(Scenario defaultScenario) {
		return new SimulatorSettings(apiKey, latency, threads, defaultScenario, linkTtl, port);
	}

	public SimulatorSettings withLinkTtl(Duration linkTtl) {
		return new SimulatorSettings(apiKey, latency, threads, defaultScenario, linkTtl, port);
	}

	public SimulatorSettings withPort(int port) {
		return new SimulatorSettings(apiKey, latency, threads, defaultScenario, linkTtl, port);
	}

}
