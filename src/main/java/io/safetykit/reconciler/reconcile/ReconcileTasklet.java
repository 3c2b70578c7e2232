package io.safetykit.reconciler.reconcile;

import java.util.List;

import io.safetykit.reconciler.run.PipelineProperties;
import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunMetrics;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.safetykit.RateLimiter;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.store.ChunkWrite;
import io.safetykit.reconciler.store.ChunkWriter;
import io.safetykit.reconciler.store.ChunkWriter.WrittenRows;
import io.safetykit.reconciler.store.RequestSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.StoppableTasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The reconcile step of one run, a step-scoped bean. Each call of {@link #execute} is one chunk in
 * one transaction: it takes the next finished fetches from the run's {@link FetchPipeline} and
 * writes them; fetching goes on meanwhile, so the API never waits for the database. Two calls run
 * at once, on threads of their own; they share only the pipeline and the run's counters, both
 * thread-safe. Batch checks for a stop between chunks.
 */
class ReconcileTasklet implements StoppableTasklet, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ReconcileTasklet.class);

	private final ReconcilerProperties properties;

	private final PipelineProperties pipelineProperties;

	private final SafetyKitClient client;

	private final RequestSelection selection;

	private final ChunkWriter writer;

	private final RequestTransition transition;

	private final RunParameters parameters;

	private final RunCounters counters;

	private final RunMetrics metrics;

	private volatile FetchPipeline pipeline;

	private volatile ProgressReporter progress;

	ReconcileTasklet(ReconcilerProperties properties, PipelineProperties pipelineProperties, SafetyKitClient client,
			RequestSelection selection, ChunkWriter writer, RunParameters parameters, RunCounters counters,
			RunMetrics metrics) {
		this.properties = properties;
		this.pipelineProperties = pipelineProperties;
		this.client = client;
		this.selection = selection;
		this.writer = writer;
		this.parameters = parameters;
		this.counters = counters;
		this.metrics = metrics;
		this.transition = RequestTransition.from(properties);
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		long executionId = stepExecution.getJobExecutionId();
		long total = this.selection.count(this.parameters,
				(this.parameters.limit() != null) ? this.parameters.limit() : Integer.MAX_VALUE);
		StatusFetcher fetcher = new StatusFetcher(this.client, new RetryingCaller(
				new RateLimiter(this.properties.rateLimit()), this.properties.retryPolicy(), this.counters.calls,
				this.counters.retries, this.metrics.callRecorder()));
		int concurrency = this.properties.concurrency();
		int window = this.pipelineProperties.window(this.properties.chunkSize(), concurrency);
		this.pipeline = new FetchPipeline(new RequestSource(this.selection, this.parameters, executionId)::next,
				fetcher::fetch, new CircuitBreaker(this.properties.circuitBreakerThreshold()), concurrency, window,
				this.pipelineProperties.claimBatch(window), this.pipelineProperties.itemBudget());
		this.progress = new ProgressReporter(this.properties.progressInterval(), total, this.counters.polled::sum);
		logger.info("Reconciling {} selected requests (job execution {}, concurrency {}, chunk size {}{})", total,
				executionId, concurrency, this.properties.chunkSize(), this.parameters.dryRun() ? ", DRY RUN" : "");
		this.pipeline.start();
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution stepExecution = chunkContext.getStepContext().getStepExecution();
		if (stepExecution.getJobExecution().isStopping()) {
			this.pipeline.stopFeeding();
		}
		List<FetchOutcome> outcomes = this.pipeline.next(this.properties.chunkSize(), this.pipelineProperties.linger());
		if (outcomes.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		ChunkWrite chunk = ChunkWrite.empty();
		long skipped = 0;
		for (FetchOutcome outcome : outcomes) {
			if (this.transition.apply(outcome, chunk, this.counters)) {
				skipped++;
			}
			contribution.incrementReadCount();
		}
		if (!this.parameters.dryRun()) {
			WrittenRows written = this.writer.write(chunk, stepExecution.getJobExecutionId());
			this.counters.items.add(written.items());
			this.counters.labels.add(written.labels());
		}
		contribution.incrementProcessSkipCount(skipped);
		contribution.incrementWriteCount(outcomes.size() - skipped);
		return RepeatStatus.CONTINUABLE;
	}

	@Override
	public void stop() {
		FetchPipeline running = this.pipeline;
		if (running != null) {
			running.stopFeeding();
		}
	}

	@Override
	public void stop(StepExecution stepExecution) {
		stop();
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.progress != null) {
			this.progress.close();
		}
		if (this.pipeline != null) {
			this.pipeline.close();
		}
		return null;
	}

}
