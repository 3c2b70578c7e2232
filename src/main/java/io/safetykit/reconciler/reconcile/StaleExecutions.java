package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

import io.safetykit.reconciler.store.RunLeases;
import io.safetykit.reconciler.store.RunLeases.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Finds executions that a dead process left STARTED or STOPPING (kill -9, an evicted pod, a lost
 * database connection) and marks them FAILED, so that they can be restarted and never block a
 * later run. An execution is dead when its claim lease in {@link RunLeases} has run out, or when it
 * has none and is old enough to have taken one.
 */
@Component
class StaleExecutions {

	private static final Logger logger = LoggerFactory.getLogger(StaleExecutions.class);

	/** An execution younger than this may not have taken its lease yet. */
	private static final Duration STARTING = Duration.ofSeconds(10);

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	private final RunLeases leases;

	StaleExecutions(JobRepository jobRepository, JobOperator jobOperator, RunLeases leases) {
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
		this.leases = leases;
	}

	void recover(String jobName) {
		for (JobExecution execution : this.jobRepository.findRunningJobExecutions(jobName)) {
			Optional<Lease> lease = this.leases.find(execution.getId());
			if (lease.map(Lease::live).orElseGet(() -> isYoung(execution))) {
				continue;
			}
			String leftAs = execution.getStatus().name();
			this.jobOperator.recover(execution);
			this.leases.end(execution.getId());
			logger.warn("Job execution {} was left {} by a process that is gone{}; marked FAILED (restartable)",
					execution.getId(), leftAs,
					lease.map((l) -> " (its claim lease ran out at " + l.expiresAt() + ")").orElse(""));
		}
	}

	private static boolean isYoung(JobExecution execution) {
		LocalDateTime created = execution.getCreateTime();
		return created != null && created.isAfter(LocalDateTime.now().minus(STARTING));
	}

}
