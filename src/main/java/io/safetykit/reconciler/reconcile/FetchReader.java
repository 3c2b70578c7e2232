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
import io.safetykit.reconciler.store.RequestSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The reconcile step's reader, one per step execution. {@link #open} starts the run's
 * {@link FetchPipeline}; {@link #read} hands over the outcomes that finished meanwhile as one
 * {@link OutcomeBatch}; {@link #close} stops the pipeline. The fetchers keep their calls in flight
 * while the step processes and writes a batch, so the API never waits for the database.
 * <p>
 * A stop request from this process ({@link LocalExecutions#stopAll}) stops the claims but keeps
 * reading: every answer already fetched is handed over and written, one chunk at a time, and then
 * the step ends STOPPED. Only what is still in flight when half the grace period has passed is
 * given up; the next run or a restart fetches it again.
 */
class FetchReader implements ItemStreamReader<OutcomeBatch> {

	private static final Logger logger = LoggerFactory.getLogger(FetchReader.class);

	private final ReconcilerProperties properties;

	private final PipelineProperties pipelineProperties;

	private final SafetyKitClient client;

	private final RequestSelection selection;

	private final RunParameters parameters;

	private final RunCounters counters;

	private final RunMetrics metrics;

	private final StepExecution stepExecution;

	private final LocalExecutions localExecutions;

	private final RunClaims claims;

	private FetchPipeline pipeline;

	private ProgressReporter progress;

	private boolean draining;

	private boolean ended;

	private long drainDeadline;

	FetchReader(ReconcilerProperties properties, PipelineProperties pipelineProperties, SafetyKitClient client,
			RequestSelection selection, RunParameters parameters, RunCounters counters, RunMetrics metrics,
			StepExecution stepExecution, LocalExecutions localExecutions, RunClaims claims) {
		this.properties = properties;
		this.pipelineProperties = pipelineProperties;
		this.client = client;
		this.selection = selection;
		this.parameters = parameters;
		this.counters = counters;
		this.metrics = metrics;
		this.stepExecution = stepExecution;
		this.localExecutions = localExecutions;
		this.claims = claims;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		long executionId = this.stepExecution.getJobExecutionId();
		long total = this.selection.count(this.parameters,
				(this.parameters.limit() != null) ? this.parameters.limit() : Integer.MAX_VALUE);
		StatusFetcher fetcher = new StatusFetcher(this.client, new RetryingCaller(
				new RateLimiter(this.properties.rateLimit()), this.properties.retryPolicy(), this.counters.calls,
				this.counters.retries, this.metrics.callRecorder()));
		int concurrency = this.properties.concurrency();
		int window = this.pipelineProperties.window(this.properties.chunkSize(), concurrency);
		RequestSource source = new RequestSource(this.selection, this.parameters, executionId,
				this.claims.lease(executionId));
		this.pipeline = new FetchPipeline(source::next, (request) -> {
			// no call for a request whose claim may no longer count
			source.requireClaims();
			return fetcher.fetch(request);
		}, new CircuitBreaker(this.properties.circuitBreakerThreshold()), concurrency, window,
				this.pipelineProperties.claimBatch(window), this.pipelineProperties.itemBudget());
		this.progress = new ProgressReporter(this.properties.progressInterval(), total, this.counters.polled::sum);
		logger.info("Reconciling {} selected requests (job execution {}, concurrency {}, chunk size {}{})", total,
				executionId, concurrency, this.properties.chunkSize(), this.parameters.dryRun() ? ", DRY RUN" : "");
		this.localExecutions.onStopRequest(executionId, this::drain);
		this.pipeline.start();
	}

	@Override
	public OutcomeBatch read() throws InterruptedException {
		if (isDraining() && System.nanoTime() - this.drainDeadline > 0) {
			logger.warn("Half the grace period has passed: the answers still in flight are left to the next run");
			end();
			return null;
		}
		List<FetchOutcome> outcomes = this.pipeline.next(this.properties.chunkSize(), this.pipelineProperties.linger());
		if (outcomes.isEmpty()) {
			end();
			return null;
		}
		return new OutcomeBatch(outcomes);
	}

	/** Claims no more and hands over what is fetched; false when the reading has ended already. */
	private synchronized boolean drain() {
		if (this.ended) {
			return false;
		}
		this.draining = true;
		this.drainDeadline = System.nanoTime() + this.properties.shutdownGracePeriod().toNanos() / 2;
		this.pipeline.stopFeeding();
		return true;
	}

	private synchronized boolean isDraining() {
		return this.draining;
	}

	/** After a drain the step ends STOPPED, so that a restart runs it again. */
	private synchronized void end() {
		this.ended = true;
		if (this.draining) {
			this.stepExecution.setTerminateOnly();
		}
	}

	@Override
	public void close() {
		this.localExecutions.noStopRequest(this.stepExecution.getJobExecutionId());
		if (this.progress != null) {
			this.progress.close();
		}
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

}
