package io.safetykit.reconciler.reconcile;

import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Makes a job instance restartable after a run that lost its database and could not record how it
 * ended. Spring Batch then leaves the execution, or a step of it, UNKNOWN (a failure "that could not
 * be rolled back") and refuses to restart it; a slice that never got to record its end stays
 * STARTED under an execution that has ended. For this job neither is a risk: each chunk's rows,
 * request updates and step counts are one transaction, which PostgreSQL rolls back whole when the
 * connection dies, and a restart selects its work from the tables, not from what the lost run
 * remembered. So a restart marks them FAILED, saying why, and goes on.
 */
@Component
class UnknownExecutions {

	private static final Logger logger = LoggerFactory.getLogger(UnknownExecutions.class);

	private static final String WHY = "marked FAILED by a restart: the run lost its database and could not record "
			+ "its end; every chunk it committed stays, the one in flight was rolled back";

	private final JobRepository jobRepository;

	UnknownExecutions(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	/** Marks the instance's UNKNOWN executions, and steps an ended execution left unfinished, FAILED. */
	void markFailed(JobInstance instance) {
		for (JobExecution execution : this.jobRepository.getJobExecutions(instance)) {
			if (execution.isRunning()) {
				continue; // alive, or dead and left to StaleExecutions: not an end that went unrecorded
			}
			boolean marked = false;
			for (StepExecution step : execution.getStepExecutions()) {
				if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
					step.setStatus(BatchStatus.FAILED);
					step.setExitStatus(ExitStatus.FAILED.addExitDescription(WHY));
					if (step.getEndTime() == null) {
						step.setEndTime(LocalDateTime.now());
					}
					this.jobRepository.update(step);
					marked = true;
				}
			}
			if (execution.getStatus() == BatchStatus.UNKNOWN) {
				execution.setStatus(BatchStatus.FAILED);
				execution.setExitStatus(ExitStatus.FAILED.addExitDescription(WHY));
				this.jobRepository.update(execution);
				marked = true;
			}
			if (marked) {
				logger.warn("Job execution {} had not recorded how it ended (it lost its database); marked FAILED so that "
						+ "it can be restarted", execution.getId());
			}
		}
	}

}
