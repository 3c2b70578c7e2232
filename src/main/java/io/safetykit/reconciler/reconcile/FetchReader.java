package io.safetykit.reconciler.reconcile;

import java.util.List;

import io.safetykit.reconciler.run.PipelineProperties;
import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.RequestSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The reader of one slice of the reconcile step, one per worker step execution. {@link #open}
 * starts the slice's {@link FetchPipeline}; {@link #read} hands over the outcomes that finished
 * meanwhile as one {@link OutcomeBatch}; {@link #close} stops the pipeline. The fetchers keep their
 * calls in flight while the step processes and writes a batch, so the API never waits for the
 * database. The slices share the run's {@link StatusFetcher} (so one rate limit holds for the run)
 * and its {@link CircuitBreaker}, and split its {@code concurrency}.
 * <p>
 * A stop request from this process ({@link LocalExecutions#stopAll}), or the failure of another
 * slice, stops the claims but keeps reading: every answer already fetched is handed over and
 * written, one chunk at a time, and then the step ends STOPPED. Only what is still in flight when
 * half the grace period has passed is given up; the next run or a restart fetches it again.
 */
class FetchReader implements ItemStreamReader<OutcomeBatch> {

	private static final Logger logger = LoggerFactory.getLogger(FetchReader.class);

	/** The requests this slice has handed over in committed chunks, over its executions. */
	private static final String HANDED_OVER = "handedOver";

	private final ReconcilerProperties properties;

	private final PipelineProperties pipelineProperties;

	private final StatusFetcher fetcher;

	private final CircuitBreaker circuitBreaker;

	private final RequestSelection selection;

	private final RunParameters parameters;

	private final StepExecution stepExecution;

	private final LocalExecutions localExecutions;

	private final RunClaims claims;

	private final int slice;

	private final int slices;

	private FetchPipeline pipeline;

	private boolean draining;

	private boolean ended;

	private long drainDeadline;

	private long handedOver;

	FetchReader(ReconcilerProperties properties, PipelineProperties pipelineProperties, StatusFetcher fetcher,
			CircuitBreaker circuitBreaker, RequestSelection selection, RunParameters parameters,
			StepExecution stepExecution, LocalExecutions localExecutions, RunClaims claims, int slice, int slices) {
		this.properties = properties;
		this.pipelineProperties = pipelineProperties;
		this.fetcher = fetcher;
		this.circuitBreaker = circuitBreaker;
		this.selection = selection;
		this.parameters = parameters;
		this.stepExecution = stepExecution;
		this.localExecutions = localExecutions;
		this.claims = claims;
		this.slice = slice;
		this.slices = slices;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		long executionId = this.stepExecution.getJobExecutionId();
		RunParameters selected = this.parameters.inSlice(this.slice, this.slices);
		int concurrency = concurrencyShare(this.properties.concurrency(), this.slice, this.slices);
		int window = this.pipelineProperties.window(this.properties.chunkSize(), concurrency);
		// a restart goes on from what the slice's earlier executions committed: a limit holds for the run
		this.handedOver = executionContext.getLong(HANDED_OVER, 0L);
		RequestSource source = new RequestSource(this.selection, selected, executionId,
				this.claims.lease(executionId), this.handedOver);
		this.pipeline = new FetchPipeline(source::next, (request) -> {
			// no call for a request whose claim may no longer count
			source.requireClaims();
			return this.fetcher.fetch(request);
		}, this.circuitBreaker, concurrency, window, this.pipelineProperties.claimBatch(window),
				this.pipelineProperties.itemBudget());
		logger.debug("{}: requests of partition {}, {} fetchers", this.stepExecution.getStepName(),
				selected.partition(), concurrency);
		this.localExecutions.onStopRequest(this.stepExecution, this::drain);
		this.pipeline.start();
	}

	/** Slice {@code slice}'s part of the run's concurrency: the whole split as evenly as it goes, at least 1. */
	static int concurrencyShare(int concurrency, int slice, int slices) {
		return Math.max(1, concurrency / slices + ((slice < concurrency % slices) ? 1 : 0));
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
		this.handedOver += outcomes.size();
		return new OutcomeBatch(outcomes);
	}

	/** Called as each chunk commits, in its transaction. */
	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(HANDED_OVER, this.handedOver);
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
		this.localExecutions.noStopRequest(this.stepExecution);
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

}
