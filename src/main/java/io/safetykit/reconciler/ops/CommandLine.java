package io.safetykit.reconciler.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The process arguments, split three ways: Spring settings given as {@code --prefix.key=value}
 * (for the prefixes below), the command name, and the command's own arguments. Without a command
 * name the arguments are the job parameters of {@code run} ({@code key=value ...}).
 */
public record CommandLine(String command, List<String> arguments, boolean explicit, List<String> settings) {

	static final String DEFAULT_COMMAND = "run";

	private static final Set<String> JOB_COMMANDS = Set.of(DEFAULT_COMMAND, "restart", "demo");

	private static final Set<String> SETTING_PREFIXES = Set.of("--spring.", "--reconciler.", "--safetykit.",
			"--logging.", "--management.", "--demo.");

	public static CommandLine parse(String... args) {
		List<String> settings = new ArrayList<>();
		List<String> rest = new ArrayList<>();
		for (String arg : args) {
			boolean setting = arg.contains("=") && SETTING_PREFIXES.stream().anyMatch(arg::startsWith);
			(setting ? settings : rest).add(arg);
		}
		if (!rest.isEmpty() && !rest.get(0).contains("=") && !rest.get(0).startsWith("-")) {
			return new CommandLine(rest.get(0), List.copyOf(rest.subList(1, rest.size())), true, List.copyOf(settings));
		}
		return new CommandLine(DEFAULT_COMMAND, List.copyOf(rest), false, List.copyOf(settings));
	}

	/** Whether the command runs the reconciliation job: {@code run} (the default), {@code restart} or {@code demo}. */
	public boolean runsTheJob() {
		return JOB_COMMANDS.contains(this.command);
	}

}
