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
class RestartCommand implements Command {

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
		return "restart [jobExecutionId]";
	}

	@Override
	public int run(List<String> arguments) throws Exception {
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
		return this.launcher.restart(executionId).exitCode();
	}

}
