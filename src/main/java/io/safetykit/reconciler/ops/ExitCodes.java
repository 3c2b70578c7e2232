package io.safetykit.reconciler.ops;

/** The process exit codes of SPEC §5. */
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
