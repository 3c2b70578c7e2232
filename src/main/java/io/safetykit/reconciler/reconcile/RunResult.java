package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.ops.ExitCodes;

import org.springframework.batch.core.BatchStatus;

/** How a run ended: its job execution, status and summary (null when it never got going). */
public record RunResult(long executionId, BatchStatus status, RunSummary summary) {

	/** SPEC §5: 0 completed; 1 failed or stopped. */
	public int exitCode() {
		return (this.status == BatchStatus.COMPLETED) ? ExitCodes.COMPLETED : ExitCodes.FAILED;
	}

}
