package io.safetykit.reconciler.reconcile;

import java.util.List;

import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.ops.Command;

import org.springframework.stereotype.Component;

/**
 * {@code restart [jobExecutionId]}: continues a STOPPED or FAILED run with its own parameters
 * (the last run when no id is given). Requests it already finished are not fetched again.
 */
@Component
public class RestartCommand implements Command {

	public static final String USAGE = "restart [jobExecutionId]";

	private final RunLauncher launcher;

	RestartCommand(RunLauncher launcher) {
		this.launcher = launcher;
	}

	@Override
	public String name() {
		return "restart";
	}

	@Override
	public String usage() {
		return USAGE;
	}

	@Override
	public int run(List<String> arguments) throws Exception {
		return this.launcher.restart(executionId(arguments)).exitCode();
	}

	/** The job execution id given, or null for the last run; a bad argument is a {@link UsageException}. */
	public static Long executionId(List<String> arguments) {
		if (arguments.size() > 1) {
			throw new UsageException("restart takes at most one job execution id");
		}
		Long executionId = null;
		if (arguments.size() == 1) {
			try {
				executionId = Long.parseLong(arguments.get(0));
			}
			catch (NumberFormatException ex) {
				throw new UsageException("restart takes a job execution id (a number), was '" + arguments.get(0) + "'");
			}
		}
		return executionId;
	}

}
