package io.safetykit.reconciler.reconcile;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.safetykit.reconciler.ops.StartupFailures;
import io.safetykit.reconciler.run.RunSummary;
import io.safetykit.reconciler.safetykit.ApiKeyRejectedException;
import io.safetykit.reconciler.store.LeaseLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInterruptedException;
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
			List<Throwable> failures = execution.getAllFailureExceptions()
				.stream()
				.filter((failure) -> !saysNothingOfItsOwn(failure))
				.toList();
			// slices that failed alike (the key rejected in both) say so once
			Set<String> said = new HashSet<>();
			for (Throwable failure : failures) {
				Throwable known = knownCause(failure);
				String line = (known != null) ? known.getMessage() : StartupFailures.oneLine(failure);
				if (!said.add(line)) {
					continue;
				}
				if (known != null) {
					logger.error("Run {} {}: {}", execution.getId(), status, line);
				}
				else {
					logger.error("Run {} {}: {}", execution.getId(), status, line, failure);
				}
			}
			if (failures.isEmpty()) {
				logger.error("Run {} ended {}", execution.getId(), status);
			}
		}
		return new RunResult(execution.getId(), status, summary);
	}

	/**
	 * The partitioned reconcile step's own failure, which only says that a slice failed, and the
	 * interruption of a slice that the failed one stopped: the failed slice's failure says it all.
	 */
	private static boolean saysNothingOfItsOwn(Throwable failure) {
		return failure.getClass() == JobExecutionException.class || failure instanceof JobInterruptedException;
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
