package io.safetykit.reconciler.reconcile;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The job executions running in this process, so that a signal stops ours and nobody else's. A
 * reconcile step that is reading registers how it stops: it writes the answers it has fetched
 * before it ends STOPPED, which Spring Batch's own stop (the step ends after the chunk in hand)
 * would leave unwritten.
 */
@Component
class LocalExecutions implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(LocalExecutions.class);

	private final Set<JobExecution> running = ConcurrentHashMap.newKeySet();

	private final Map<Long, BooleanSupplier> stopRequests = new ConcurrentHashMap<>();

	private final JobOperator jobOperator;

	LocalExecutions(JobOperator jobOperator) {
		this.jobOperator = jobOperator;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		this.running.add(jobExecution);
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		this.running.remove(jobExecution);
	}

	/** How the reading step of a job execution stops: true when it takes care of it, false when it has ended. */
	void onStopRequest(long jobExecutionId, BooleanSupplier stop) {
		this.stopRequests.put(jobExecutionId, stop);
	}

	void noStopRequest(long jobExecutionId) {
		this.stopRequests.remove(jobExecutionId);
	}

	void stopAll() {
		for (JobExecution execution : this.running) {
			BooleanSupplier stop = this.stopRequests.get(execution.getId());
			if (stop != null && stop.getAsBoolean()) {
				logger.info("Job execution {}: claiming no more; writing the answers fetched so far, then stopping",
						execution.getId());
				continue;
			}
			try {
				this.jobOperator.stop(execution);
			}
			catch (JobExecutionNotRunningException ex) {
				// finished meanwhile
			}
			catch (RuntimeException ex) {
				logger.warn("Could not ask job execution {} to stop: {}", execution.getId(), ex.getMessage());
			}
		}
	}

}
