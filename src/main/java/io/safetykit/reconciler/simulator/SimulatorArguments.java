package io.safetykit.reconciler.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the command line of {@link SimulatorMain} into settings. */
final class SimulatorArguments {

	static final String USAGE = "usage: SimulatorMain [--port N] [--latency 50ms|1s|PT0.05S] [--api-key K]"
			+ " [--items N] [--labels N] [--kind add|import] [--threads N] [--revised-every N]";

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

	private SimulatorArguments() {
	}

	/** Accepts {@code --name value} and {@code --name=value}; unknown or incomplete options are errors. */
	static SimulatorSettings parse(String... args) {
		SimulatorSettings settings = SimulatorSettings.defaults("simulator-key");
		Scenario scenario = settings.defaultScenario();
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			String value;
			int equals = name.indexOf('=');
			if (equals > 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			else if (i + 1 < args.length) {
				value = args[++i];
			}
			else {
				throw new IllegalArgumentException("missing value for " + name);
			}
			switch (name) {
				case "--port" -> settings = settings.withPort(Integer.parseInt(value));
				case "--latency" -> settings = settings.withLatency(duration(value));
				case "--api-key" -> settings = settings.withApiKey(value);
				case "--threads" -> settings = settings.withThreads(Integer.parseInt(value));
				case "--items" -> scenario = scenario.withItems(Integer.parseInt(value));
				case "--labels" -> scenario = scenario.withLabelsPerItem(Integer.parseInt(value));
				case "--kind" -> scenario = scenario.withKind(kind(value));
				case "--revised-every" -> scenario = scenario.withRevisedEvery(Integer.parseInt(value));
				default -> throw new IllegalArgumentException("unknown option " + name);
			}
		}
		return settings.withDefaultScenario(scenario);
	}

	/** {@code 50ms}, {@code 1s}, {@code 2m}, {@code 1h} or ISO-8601 such as {@code PT0.05S}. */
	static Duration duration(String text) {
		Matcher matcher = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			return Duration.parse(text.trim());
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
	}

	private static Scenario.Kind kind(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "add" -> Scenario.Kind.ADD;
			case "import" -> Scenario.Kind.IMPORT;
			default -> throw new IllegalArgumentException("--kind must be add or import, was " + value);
		};
	}

}
