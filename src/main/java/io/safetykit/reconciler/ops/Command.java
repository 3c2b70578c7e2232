package io.safetykit.reconciler.ops;

import java.util.List;

import io.safetykit.reconciler.exit.UsageException;

/** One thing the process can be asked to do ({@code run}, {@code report}, {@code enqueue}, ...). */
public interface Command {

	/** The name given as the first argument. */
	String name();

	/** One line for the usage message. */
	String usage();

	/**
	 * Runs the command and returns its exit code. Throws {@link UsageException} for bad arguments.
	 */
	int run(List<String> arguments) throws Exception;

}
