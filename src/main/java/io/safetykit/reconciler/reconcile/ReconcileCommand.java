package io.safetykit.reconciler.reconcile;

import java.util.List;

import io.safetykit.reconciler.ops.Command;
import io.safetykit.reconciler.run.RunParametersParser;

import org.springframework.stereotype.Component;

/** {@code run [key=value ...]}: one reconciliation run, a new job instance each time. */
@Component
public class ReconcileCommand implements Command {

	public static final String USAGE = "run [namespace=N] [requestIds=a,b] [submittedFrom=DATE] [submittedTo=DATE] "
			+ "[includeTerminal=true] [ignoreBackoff=true] [limit=N] [dryRun=true] [partition=i/n] [reloadFiles=true] "
			+ "[refreshLinksWithin=24h]";

	private final RunLauncher launcher;

	ReconcileCommand(RunLauncher launcher) {
		this.launcher = launcher;
	}

	@Override
	public String name() {
		return "run";
	}

	@Override
	public String usage() {
		return USAGE;
	}

	@Override
	public int run(List<String> arguments) throws Exception {
		return launch(arguments).exitCode();
	}

	/** Starts one run with {@code key=value} job parameters and waits for it; also used by the demo. */
	public RunResult launch(List<String> arguments) throws Exception {
		return this.launcher.start(RunParametersParser.parseArguments(arguments));
	}

}
