package io.safetykit.reconciler.resultfile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.safetykit.reconciler.reconcile.RunCounters;
import io.safetykit.reconciler.reconcile.RunParameters;
import io.safetykit.reconciler.reconcile.RunParametersParser;
import io.safetykit.reconciler.reconcile.RunStates;
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
 * The result-file step: each call loads one file, in key order, in its own transaction (the
 * file's request row is locked for it, so a concurrent run skips it). Off when
 * {@code reconciler.result-files.enabled=false} and in dry runs.
 */
class ResultFileTasklet implements Tasklet, StepExecutionListener {

	private final ResultFileProperties properties;

	private final ResultFileStore store;

	private final ResultFileLoader loader;

	private final RunStates runStates;

	private final double rateLimit;

	private final RetryPolicy retryPolicy;

	private final Map<Long, Run> runs = new ConcurrentHashMap<>();

	ResultFileTasklet(ResultFileProperties properties, ResultFileStore store, ResultFileLoader loader,
			RunStates runStates, double rateLimit, RetryPolicy retryPolicy) {
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
				counters.retries);
		this.runs.put(stepExecution.getId(), new Run(parameters, counters, caller));
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution stepExecution = chunkContext.getStepContext().getStepExecution();
		Run run = this.runs.get(stepExecution.getId());
		if (!this.properties.enabled() || run.parameters.dryRun()) {
			return RepeatStatus.FINISHED;
		}
		Optional<FileToLoad> next = this.store.lockNext(run.parameters, run.parameters.reloadFiles(), run.afterNamespace,
				run.afterRequestId);
		if (next.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		FileToLoad file = next.get();
		run.afterNamespace = file.namespace();
		run.afterRequestId = file.requestId();
		this.loader.load(file, run.caller, run.counters, stepExecution.getJobExecutionId());
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

		String afterNamespace = "";

		String afterRequestId = "";

		Run(RunParameters parameters, RunCounters counters, RetryingCaller caller) {
			this.parameters = parameters;
			this.counters = counters;
			this.caller = caller;
		}

	}

}
