package io.safetykit.reconciler.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The process arguments split into a command name and its own arguments. Without a known command
 * name the arguments are job parameters of {@code run} ({@code key=value ...}).
 */
public record CommandLine(String command, List<String> arguments, boolean explicit) {

	static final String DEFAULT_COMMAND = "run";

	private static final Set<String> NON_COMMANDS = Set.of();

	public static CommandLine parse(String... args) {
		if (args.length > 0 && !args[0].contains("=") && !args[0].startsWith("-") && !NON_COMMANDS.contains(args[0])) {
			return new CommandLine(args[0], List.copyOf(Arrays.asList(args).subList(1, args.length)), true);
		}
		return new CommandLine(DEFAULT_COMMAND, List.of(args), false);
	}

}
