package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.ops.StartupFailures;
import io.safetykit.reconciler.run.RunSummary;
import io.safetykit.reconciler.safetykit.ApiKeyRejectedException;
import io.safetykit.reconciler.store.LeaseLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/** Says in one line how a run ended and what to do about it. */
@Component
class RunOutcomes {

	private static final Logger logger = LoggerFactory.getLogger(RunOutcomes.class);

	RunResult report(JobExecution execution, RunSummary summary) {
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			logger.info("Run {} COMPLETED", execution.getId());
		}
		else if (status == BatchStatus.STOPPED) {
			logger.warn("Run {} STOPPED before the end; the next run (or 'restart {}') continues", execution.getId(),
					execution.getId());
		}
		else {
			for (Throwable failure : execution.getAllFailureExceptions()) {
				Throwable known = knownCause(failure);
				if (known != null) {
					logger.error("Run {} {}: {}", execution.getId(), status, known.getMessage());
				}
				else {
					logger.error("Run {} {}: {}", execution.getId(), status, StartupFailures.oneLine(failure), failure);
				}
			}
			if (execution.getAllFailureExceptions().isEmpty()) {
				logger.error("Run {} ended {}", execution.getId(), status);
			}
		}
		return new RunResult(execution.getId(), status, summary);
	}

	/** A failure that says all there is to say in its message, however deep Spring Batch wrapped it. */
	private static Throwable knownCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof ApiKeyRejectedException || t instanceof ApiUnavailableException
					|| t instanceof LeaseLostException) {
				return t;
			}
		}
		return null;
	}

}
