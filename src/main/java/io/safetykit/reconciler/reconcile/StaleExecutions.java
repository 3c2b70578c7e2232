package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.time.LocalDateTime;

import io.safetykit.reconciler.store.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds executions that a dead process left STARTED (kill -9, an evicted pod, a lost database
 * connection) and marks them FAILED, so that they can be restarted and never block a later run.
 * An execution is dead when no session holds its {@link RunLock}.
 */
@Component
class StaleExecutions {

	private static final Logger logger = LoggerFactory.getLogger(StaleExecutions.class);

	/** An execution younger than this may not have taken its lock yet. */
	private static final Duration STARTING = Duration.ofSeconds(10);

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	private final JdbcTemplate jdbc;

	StaleExecutions(JobRepository jobRepository, JobOperator jobOperator, JdbcTemplate jdbc) {
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
		this.jdbc = jdbc;
	}

	void recover(String jobName) {
		for (JobExecution execution : this.jobRepository.findRunningJobExecutions(jobName)) {
			LocalDateTime created = execution.getCreateTime();
			boolean young = created != null && created.isAfter(LocalDateTime.now().minus(STARTING));
			if (young || RunLock.isHeld(this.jdbc, execution.getId())) {
				continue;
			}
			String leftAs = execution.getStatus().name();
			this.jobOperator.recover(execution);
			logger.warn("Job execution {} was left {} by a process that is gone; marked FAILED (restartable)",
					execution.getId(), leftAs);
		}
	}

}
