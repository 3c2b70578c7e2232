package io.safetykit.reconciler.reconcile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.ops.Command;
import io.safetykit.reconciler.ops.ExitCodes;
import io.safetykit.reconciler.ops.GracefulShutdown;
import io.safetykit.reconciler.safetykit.SafetyKitProperties;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

/** {@code run [key=value ...]}: one reconciliation run, a new job instance each time. */
@Component
public class ReconcileCommand implements Command {

	private final JobOperator jobOperator;

	private final Job reconcileJob;

	private final SafetyKitProperties safetyKit;

	private final ReconcilerProperties properties;

	private final StaleExecutions staleExecutions;

	private final LocalExecutions localExecutions;

	private final RunStates runStates;

	private final RunOutcomes outcomes;

	ReconcileCommand(JobOperator jobOperator, Job reconcileJob, SafetyKitProperties safetyKit,
			ReconcilerProperties properties, StaleExecutions staleExecutions, LocalExecutions localExecutions,
			RunStates runStates, RunOutcomes outcomes) {
		this.jobOperator = jobOperator;
		this.reconcileJob = reconcileJob;
		this.safetyKit = safetyKit;
		this.properties = properties;
		this.staleExecutions = staleExecutions;
		this.localExecutions = localExecutions;
		this.runStates = runStates;
		this.outcomes = outcomes;
	}

	@Override
	public String name() {
		return "run";
	}

	@Override
	public String usage() {
		return "run [namespace=N] [requestIds=a,b] [submittedFrom=DATE] [submittedTo=DATE] [includeTerminal=true] "
				+ "[ignoreBackoff=true] [limit=N] [dryRun=true] [partition=i/n]";
	}

	@Override
	public int run(List<String> arguments) throws Exception {
		return launch(arguments).exitCode();
	}

	/** Starts one run with {@code key=value} job parameters and waits for it; also used by the demo. */
	public RunResult launch(List<String> arguments) throws Exception {
		Map<String, String> values = RunParametersParser.parseArguments(arguments);
		this.safetyKit.requireApiKey();
		this.staleExecutions.recover(ReconcileJobConfiguration.JOB_NAME);
		Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		JobExecution execution;
		try (GracefulShutdown shutdown = GracefulShutdown.install(this.properties.shutdownGracePeriod(),
				this.localExecutions::stopAll)) {
			execution = this.jobOperator.start(this.reconcileJob,
					RunParametersParser.toJobParameters(values, startedAt));
		}
		RunSummary summary = this.runStates.take(execution.getId()).orElse(null);
		return this.outcomes.report(execution, summary);
	}

	/** How a run ended. */
	public record RunResult(long executionId, BatchStatus status, RunSummary summary) {

		public int exitCode() {
			return (this.status == BatchStatus.COMPLETED) ? ExitCodes.COMPLETED : ExitCodes.FAILED;
		}

	}

}
