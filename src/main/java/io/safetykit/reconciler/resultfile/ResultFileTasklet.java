package io.safetykit.reconciler.resultfile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunMetrics;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParametersParser;
import io.safetykit.reconciler.run.RunStates;
import io.safetykit.reconciler.safetykit.RateLimiter;
import io.safetykit.reconciler.safetykit.RetryPolicy;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.store.ResultFileStore;
import io.safetykit.reconciler.store.ResultFileStore.FileToLoad;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The result-file step, in two passes over the run's selection in key order, one link or file per
 * call and transaction (its rows locked for it, so a concurrent run skips them): first, when the
 * run asks with {@code refreshLinksWithin}, links about to expire are renewed; then new result
 * files are loaded, unless {@code reconciler.result-files.enabled=false}. Nothing in dry runs.
 */
class ResultFileTasklet implements Tasklet, StepExecutionListener {

	private final ResultFileProperties properties;

	private final ResultFileStore store;

	private final ResultFileLoader loader;

	private final LinkRenewer renewer;

	private final RunStates runStates;

	private final double rateLimit;

	private final RetryPolicy retryPolicy;

	private final RunMetrics metrics;

	private final Map<Long, Run> runs = new ConcurrentHashMap<>();

	ResultFileTasklet(ResultFileProperties properties, ResultFileStore store, ResultFileLoader loader,
			LinkRenewer renewer, RunStates runStates, RunMetrics metrics, double rateLimit, RetryPolicy retryPolicy) {
		this.renewer = renewer;
		this.metrics = metrics;
		this.properties = properties;
		this.store = store;
		this.loader = loader;
		this.runStates = runStates;
		this.rateLimit = rateLimit;
		this.retryPolicy = retryPolicy;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		RunParameters parameters = RunParametersParser.fromJobParameters(stepExecution.getJobParameters());
		RunCounters counters = this.runStates.counters(stepExecution.getJobExecutionId());
		RetryingCaller caller = new RetryingCaller(new RateLimiter(this.rateLimit), this.retryPolicy, counters.calls,
				counters.retries, this.metrics.callRecorder());
		this.runs.put(stepExecution.getId(), new Run(parameters, counters, caller));
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution stepExecution = chunkContext.getStepContext().getStepExecution();
		Run run = this.runs.get(stepExecution.getId());
		if (run.parameters.dryRun()) {
			return RepeatStatus.FINISHED;
		}
		long executionId = stepExecution.getJobExecutionId();
		if (run.refreshing) {
			Optional<FileToLoad> expiring = this.store.lockNextExpiring(run.parameters,
					run.parameters.refreshLinksWithin(), run.afterNamespace, run.afterRequestId);
			if (expiring.isPresent()) {
				run.passed(expiring.get());
				this.renewer.renew(expiring.get(), run.caller, executionId, "expiring within "
						+ run.parameters.refreshLinksWithin().toMinutes() + " minutes");
				contribution.incrementWriteCount(1);
				return RepeatStatus.CONTINUABLE;
			}
			run.startLoading();
		}
		if (!this.properties.enabled()) {
			return RepeatStatus.FINISHED;
		}
		Optional<FileToLoad> next = this.store.lockNext(run.parameters, run.parameters.reloadFiles(), run.afterNamespace,
				run.afterRequestId);
		if (next.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		run.passed(next.get());
		this.loader.load(next.get(), run.caller, run.counters, executionId);
		contribution.incrementReadCount();
		contribution.incrementWriteCount(1);
		return RepeatStatus.CONTINUABLE;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		this.runs.remove(stepExecution.getId());
		return null;
	}

	private static final class Run {

		final RunParameters parameters;

		final RunCounters counters;

		final RetryingCaller caller;

		boolean refreshing;

		String afterNamespace = "";

		String afterRequestId = "";

		Run(RunParameters parameters, RunCounters counters, RetryingCaller caller) {
			this.parameters = parameters;
			this.counters = counters;
			this.caller = caller;
			this.refreshing = parameters.refreshLinksWithin() != null;
		}

		void passed(FileToLoad file) {
			this.afterNamespace = file.namespace();
			this.afterRequestId = file.requestId();
		}

		void startLoading() {
			this.refreshing = false;
			this.afterNamespace = "";
			this.afterRequestId = "";
		}

	}

}
