package io.safetykit.reconciler.reconcile;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/** The job executions running in this process, so that a signal stops ours and nobody else's. */
@Component
class LocalExecutions implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(LocalExecutions.class);

	private final Set<JobExecution> running = ConcurrentHashMap.newKeySet();

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

	void stopAll() {
		for (JobExecution execution : this.running) {
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
