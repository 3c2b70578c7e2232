package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

import io.safetykit.reconciler.store.RequestSelection;
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
 * later run, and frees what they claimed. An execution is dead when its claim lease in
 * {@link RunLeases} has run out, or its holder is a process of this machine that is provably gone
 * ({@link HolderProcess}), or it has no lease and is old enough to have taken one. Two runs that
 * start together may both find the same dead execution: the second to mark it loses Spring Batch's
 * version check, which is no reason to fail, so each execution is recovered on its own.
 */
@Component
class StaleExecutions {

	private static final Logger logger = LoggerFactory.getLogger(StaleExecutions.class);

	/** An execution younger than this may not have taken its lease yet. */
	private static final Duration STARTING = Duration.ofSeconds(10);

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	private final RunLeases leases;

	private final RequestSelection selection;

	StaleExecutions(JobRepository jobRepository, JobOperator jobOperator, RunLeases leases,
			RequestSelection selection) {
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
		this.leases = leases;
		this.selection = selection;
	}

	void recover(String jobName) {
		for (JobExecution execution : this.jobRepository.findRunningJobExecutions(jobName)) {
			try {
				recoverIfDead(execution);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not mark job execution {} FAILED ({}); another run may have done so", execution.getId(),
						ex.getMessage());
			}
		}
	}

	private void recoverIfDead(JobExecution execution) {
		Optional<Lease> lease = this.leases.find(execution.getId());
		if (lease.map(StaleExecutions::isHeld).orElseGet(() -> isYoung(execution))) {
			return;
		}
		String leftAs = execution.getStatus().name();
		this.jobOperator.recover(execution);
		this.selection.release(execution.getId());
		this.leases.end(execution.getId());
		logger.warn("Job execution {} was left {} by a process that is gone{}; marked FAILED (restartable)",
				execution.getId(), leftAs, lease.map(StaleExecutions::why).orElse(""));
	}

	private static boolean isHeld(Lease lease) {
		return lease.live() && !HolderProcess.isGone(lease.process());
	}

	private static String why(Lease lease) {
		return lease.live() ? " (" + lease.holder() + ", no longer running on this machine)"
				: " (its claim lease ran out at " + lease.expiresAt() + ")";
	}

	private static boolean isYoung(JobExecution execution) {
		LocalDateTime created = execution.getCreateTime();
		return created != null && created.isAfter(LocalDateTime.now().minus(STARTING));
	}

}
