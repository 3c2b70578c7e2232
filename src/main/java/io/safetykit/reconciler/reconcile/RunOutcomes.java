package io.safetykit.reconciler.reconcile;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.safetykit.reconciler.database.LostConnection;
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
import org.springframework.transaction.TransactionSystemException;

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
			// slices that failed alike (the key rejected in both, the database gone under both) say so once
			Set<String> said = new HashSet<>();
			for (Throwable failure : failures) {
				Throwable known = knownCause(failure);
				Optional<String> lost = (known == null) ? LostConnection.describe(failure) : Optional.empty();
				if (lost.isPresent()) {
					if (said.add("lost the database")) {
						logger.error("Run {} {}: lost its database connection ({}); what it committed stays: once the "
								+ "database answers again, 'restart {}' or the next run finishes the rest", execution.getId(),
								status, lost.get(), execution.getId());
					}
					continue;
				}
				String line = (known != null) ? known.getMessage() : StartupFailures.oneLine(firstFailure(failure));
				if (!said.add(line)) {
					continue;
				}
				if (known != null) {
					logger.error("Run {} {}: {}", execution.getId(), status, line);
				}
				else {
					logger.error("Run {} {}: {}", execution.getId(), status, line, firstFailure(failure));
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

	/** When a chunk's rollback failed after its work had, the work's failure: the one that says why. */
	private static Throwable firstFailure(Throwable failure) {
		return (failure instanceof TransactionSystemException rollback && rollback.getApplicationException() != null)
				? rollback.getApplicationException() : failure;
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
