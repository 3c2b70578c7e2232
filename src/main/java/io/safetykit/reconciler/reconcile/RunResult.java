package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.run.RunSummary;

import org.springframework.batch.core.BatchStatus;

/** How a run ended: its job execution, status and summary (null when it never got going). */
public record RunResult(long executionId, BatchStatus status, RunSummary summary) {

	/** 0 completed; 1 failed or stopped, which the next run or a restart continues. */
	public int exitCode() {
		return (this.status == BatchStatus.COMPLETED) ? ExitCodes.COMPLETED : ExitCodes.FAILED;
	}

}
