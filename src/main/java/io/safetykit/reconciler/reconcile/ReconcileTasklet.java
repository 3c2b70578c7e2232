package io.safetykit.reconciler.reconcile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.safetykit.reconciler.run.PipelineProperties;
import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunMetrics;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParametersParser;
import io.safetykit.reconciler.run.RunStates;
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
 * The reconcile step. Each call of {@link #execute} is one chunk in one transaction: it takes the
 * next finished fetches from the run's {@link FetchPipeline} and writes them; fetching goes on
 * meanwhile, so the API never waits for the database. Two calls run at once, on threads of their
 * own; they share only the pipeline and the run's counters, both thread-safe. Batch checks for a
 * stop between chunks.
 */
class ReconcileTasklet implements StoppableTasklet, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ReconcileTasklet.class);

	private final ReconcilerProperties properties;

	private final PipelineProperties pipelineProperties;

	private final SafetyKitClient client;

	private final RequestSelection selection;

	private final ChunkWriter writer;

	private final RequestTransition transition;

	private final RunStates runStates;

	private final RunMetrics metrics;

	private final Map<Long, Run> runs = new ConcurrentHashMap<>();

	ReconcileTasklet(ReconcilerProperties properties, PipelineProperties pipelineProperties, SafetyKitClient client,
			RequestSelection selection, ChunkWriter writer, RunStates runStates, RunMetrics metrics) {
		this.properties = properties;
		this.pipelineProperties = pipelineProperties;
		this.client = client;
		this.selection = selection;
		this.writer = writer;
		this.runStates = runStates;
		this.metrics = metrics;
		this.transition = RequestTransition.from(properties);
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		RunParameters parameters = RunParametersParser.fromJobParameters(stepExecution.getJobParameters());
		long executionId = stepExecution.getJobExecutionId();
		RunCounters counters = this.runStates.counters(executionId);
		long total = this.selection.count(parameters,
				(parameters.limit() != null) ? parameters.limit() : Integer.MAX_VALUE);
		StatusFetcher fetcher = new StatusFetcher(this.client, new RetryingCaller(
				new RateLimiter(this.properties.rateLimit()), this.properties.retryPolicy(), counters.calls,
				counters.retries, this.metrics.callRecorder()));
		int concurrency = this.properties.concurrency();
		int window = this.pipelineProperties.window(this.properties.chunkSize(), concurrency);
		FetchPipeline pipeline = new FetchPipeline(new RequestSource(this.selection, parameters, executionId)::next, fetcher::fetch,
				new CircuitBreaker(this.properties.circuitBreakerThreshold()), concurrency, window,
				this.pipelineProperties.claimBatch(window), this.pipelineProperties.itemBudget());
		ProgressReporter progress = new ProgressReporter(this.properties.progressInterval(), total,
				counters.polled::sum);
		this.runs.put(stepExecution.getId(), new Run(parameters, executionId, counters, pipeline, progress));
		logger.info("Reconciling {} selected requests (job execution {}, concurrency {}, chunk size {}{})", total,
				executionId, concurrency, this.properties.chunkSize(), parameters.dryRun() ? ", DRY RUN" : "");
		pipeline.start();
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution stepExecution = chunkContext.getStepContext().getStepExecution();
		Run run = this.runs.get(stepExecution.getId());
		if (stepExecution.getJobExecution().isStopping()) {
			run.pipeline().stopFeeding();
		}
		List<FetchOutcome> outcomes = run.pipeline().next(this.properties.chunkSize(), this.pipelineProperties.linger());
		if (outcomes.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		ChunkWrite chunk = ChunkWrite.empty();
		long skipped = 0;
		for (FetchOutcome outcome : outcomes) {
			if (this.transition.apply(outcome, chunk, run.counters())) {
				skipped++;
			}
			contribution.incrementReadCount();
		}
		if (!run.parameters().dryRun()) {
			WrittenRows written = this.writer.write(chunk, run.executionId());
			run.counters().items.add(written.items());
			run.counters().labels.add(written.labels());
		}
		contribution.incrementProcessSkipCount(skipped);
		contribution.incrementWriteCount(outcomes.size() - skipped);
		return RepeatStatus.CONTINUABLE;
	}

	@Override
	public void stop() {
		this.runs.values().forEach((run) -> run.pipeline().stopFeeding());
	}

	@Override
	public void stop(StepExecution stepExecution) {
		Run run = this.runs.get(stepExecution.getId());
		if (run != null) {
			run.pipeline().stopFeeding();
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		Run run = this.runs.remove(stepExecution.getId());
		if (run == null) {
			return null;
		}
		run.progress().close();
		run.pipeline().close();
		return null;
	}

	private record Run(RunParameters parameters, long executionId, RunCounters counters,
			FetchPipeline pipeline, ProgressReporter progress) {
	}

}
