package io.safetykit.reconciler.exit;

/** The process exit codes: what cron, a Kubernetes Job or a script acts on (README, "Exit codes"). */
public final class ExitCodes {

	/** The run completed; requests still pending or erroring are normal and retried next run. */
	public static final int COMPLETED = 0;

	/** The run failed or was stopped; the next run (or a restart) continues. */
	public static final int FAILED = 1;

	/** Bad configuration or parameters; nothing was done. */
	public static final int BAD_INPUT = 2;

	private ExitCodes() {
	}

}
