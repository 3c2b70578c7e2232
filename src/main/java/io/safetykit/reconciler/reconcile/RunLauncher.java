package io.safetykit.reconciler.reconcile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.ops.GracefulShutdown;
import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunParametersParser;
import io.safetykit.reconciler.run.RunSummary;
import io.safetykit.reconciler.safetykit.SafetyKitProperties;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts or restarts a run and waits for it: recovers executions a dead process left behind,
 * stops gracefully on SIGTERM, and reports the outcome (log line, summary file).
 */
@Component
class RunLauncher {

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job reconcileJob;

	private final SafetyKitProperties safetyKit;

	private final ReconcilerProperties properties;

	private final StaleExecutions staleExecutions;

	private final LocalExecutions localExecutions;

	private final RunOutcomes outcomes;

	private final SummaryFile summaryFile;

	private final RunClaims claims;

	private final UnknownExecutions unknownExecutions;

	RunLauncher(JobOperator jobOperator, JobRepository jobRepository, Job reconcileJob, SafetyKitProperties safetyKit,
			ReconcilerProperties properties, StaleExecutions staleExecutions, LocalExecutions localExecutions,
			RunOutcomes outcomes, SummaryFile summaryFile, RunClaims claims, UnknownExecutions unknownExecutions) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.reconcileJob = reconcileJob;
		this.safetyKit = safetyKit;
		this.properties = properties;
		this.staleExecutions = staleExecutions;
		this.localExecutions = localExecutions;
		this.outcomes = outcomes;
		this.summaryFile = summaryFile;
		this.claims = claims;
		this.unknownExecutions = unknownExecutions;
	}

	/** A new run (a new job instance) with validated {@code key=value} parameters. */
	RunResult start(Map<String, String> parameters) throws Exception {
		Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return launch(() -> this.jobOperator.start(this.reconcileJob,
				RunParametersParser.toJobParameters(parameters, startedAt)));
	}

	/** The same job instance again, from where a stopped or failed execution left it. */
	RunResult restart(Long executionId) throws Exception {
		return launch(() -> {
			JobExecution previous = (executionId != null) ? this.jobRepository.getJobExecution(executionId)
					: lastUnfinished();
			if (previous == null || !ReconcileJobConfiguration.JOB_NAME.equals(previous.getJobInstance().getJobName())) {
				throw new UsageException("No reconcileJob execution " + executionId + " to restart");
			}
			if (!previous.getStatus().isUnsuccessful() && previous.getStatus() != BatchStatus.STOPPED) {
				throw new UsageException("Job execution " + previous.getId() + " is " + previous.getStatus()
						+ ": only a STOPPED or FAILED run can be restarted");
			}
			this.unknownExecutions.markFailed(previous.getJobInstance());
			// the same identifying parameters continue the same job instance
			return this.jobOperator.start(this.reconcileJob, previous.getJobParameters());
		});
	}

	private JobExecution lastUnfinished() {
		var instance = this.jobRepository.getLastJobInstance(ReconcileJobConfiguration.JOB_NAME);
		JobExecution last = (instance != null) ? this.jobRepository.getLastJobExecution(instance) : null;
		if (last == null) {
			throw new UsageException("There is no reconcileJob run to restart");
		}
		return last;
	}

	private RunResult launch(Launch launch) throws Exception {
		this.safetyKit.requireApiKey();
		this.staleExecutions.recover(ReconcileJobConfiguration.JOB_NAME);
		JobExecution execution;
		try (GracefulShutdown shutdown = GracefulShutdown.install(this.properties.shutdownGracePeriod(),
				this.localExecutions::stopAll)) {
			execution = launch.run();
		}
		catch (InvalidJobParametersException ex) {
			throw new UsageException(ex.getMessage());
		}
		this.claims.finished(execution);
		RunResult result = this.outcomes.report(execution, RunSummary.of(execution));
		this.summaryFile.write(result);
		return result;
	}

	@FunctionalInterface
	private interface Launch {

		JobExecution run() throws Exception;

	}

}
