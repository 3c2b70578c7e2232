package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.safetykit.reconciler.reconcile.FetchOutcome.Answered;
import io.safetykit.reconciler.reconcile.FetchOutcome.Failed;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.store.ClaimedRequest;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Keeps {@code concurrency} calls in flight without a barrier between chunks: a feeder thread
 * takes requests from its source (a {@link RequestSource}) while fetchers work, and the step takes
 * finished outcomes in completion order. A window bounds what is claimed but not yet handed to the step,
 * and a budget bounds the items buffered, so memory does not grow with the table.
 */
final class FetchPipeline implements AutoCloseable {

	private static final FetchOutcome END = new Failed(null, null);

	private final Requests source;

	private final Fetcher fetcher;

	private final CircuitBreaker circuitBreaker;

	private final Semaphore window;

	private final Semaphore itemBudget;

	private final int itemBudgetTotal;

	private final int claimBatch;

	private final ExecutorService fetchers;

	private final Thread feeder;

	private final BlockingQueue<FetchOutcome> finished = new LinkedBlockingQueue<>();

	private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();

	private volatile boolean stopping;

	private volatile boolean ended;

	FetchPipeline(Requests source, Fetcher fetcher, CircuitBreaker circuitBreaker, int concurrency,
			int window, int claimBatch, int itemBudget) {
		this.source = source;
		this.fetcher = fetcher;
		this.circuitBreaker = circuitBreaker;
		this.window = new Semaphore(window);
		this.itemBudget = new Semaphore(itemBudget);
		this.itemBudgetTotal = itemBudget;
		this.claimBatch = claimBatch;
		this.fetchers = Executors.newFixedThreadPool(concurrency, new CustomizableThreadFactory("fetch-"));
		this.feeder = new Thread(this::feed, "claim-feeder");
		this.feeder.setDaemon(true);
	}

	void start() {
		this.feeder.start();
	}

	/**
	 * Waits for the next finished outcomes: returns when {@code max} are there, when they hold the
	 * item budget's worth of items, when {@code linger} has passed since the first, or at the end
	 * (an empty list means everything is done). Each outcome taken frees its place in the window and
	 * the budget at once, so fetching goes on while the caller writes. Throws the run's fatal error
	 * once one happened; when the API kept failing, only after handing over the outcomes already
	 * finished, so that their errors are recorded.
	 */
	List<FetchOutcome> next(int max, Duration linger) throws InterruptedException {
		List<FetchOutcome> batch = new ArrayList<>(Math.min(max, 1024));
		long deadline = 0;
		long weight = 0;
		while (batch.size() < max && weight < this.itemBudgetTotal) {
			if (this.fatal.get() != null) {
				return lastOutcomes(batch, max);
			}
			long timeout = batch.isEmpty() ? 100 : Math.max(0, deadline - System.nanoTime()) / 1_000_000;
			FetchOutcome outcome = this.finished.poll(timeout, TimeUnit.MILLISECONDS);
			if (outcome == END) {
				this.ended = true;
				break;
			}
			if (outcome != null) {
				if (batch.isEmpty()) {
					deadline = System.nanoTime() + linger.toNanos();
				}
				weight += handOver(outcome, batch);
				continue;
			}
			if (this.ended || (!batch.isEmpty() && (System.nanoTime() >= deadline || this.stopping))) {
				break;
			}
		}
		return (this.fatal.get() != null) ? lastOutcomes(batch, max) : batch;
	}

	/** No further claims; what is in flight still finishes. Called on a stop request. */
	void stopFeeding() {
		this.stopping = true;
		this.feeder.interrupt();
	}

	private void feed() {
		try {
			while (!this.stopping) {
				// a whole batch at a time: one claim query per batch, not per freed place
				this.window.acquire(this.claimBatch);
				List<ClaimedRequest> requests = this.source.next(this.claimBatch);
				this.window.release(this.claimBatch - requests.size());
				if (requests.isEmpty()) {
					break;
				}
				for (ClaimedRequest request : requests) {
					this.fetchers.execute(() -> fetchOne(request));
				}
			}
		}
		catch (InterruptedException ex) {
			// a stop request woke the feeder: claim no more, but fetch and hand over what is claimed
		}
		catch (RuntimeException ex) {
			this.fatal.compareAndSet(null, ex);
		}
		finally {
			// a stop request that came after the last wait must not cut the wait for the fetchers short
			Thread.interrupted();
			this.fetchers.shutdown();
			awaitFetchers();
			this.finished.add(END);
		}
	}

	private void fetchOne(ClaimedRequest request) {
		try {
			if (this.fatal.get() != null || Thread.currentThread().isInterrupted()) {
				return;
			}
			FetchOutcome outcome = this.fetcher.fetch(request);
			if (outcome instanceof Failed failed && failed.failure() instanceof Transient) {
				this.circuitBreaker.recordTransientFailure();
				if (this.circuitBreaker.isOpen()) {
					this.fatal.compareAndSet(null, new ApiUnavailableException(this.circuitBreaker.threshold()));
				}
			}
			else {
				this.circuitBreaker.recordAnswer();
			}
			this.itemBudget.acquire(weight(outcome));
			this.finished.add(outcome);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			this.fatal.compareAndSet(null, ex);
		}
		catch (Error ex) {
			// an OutOfMemoryError must fail the run, not drop a request silently
			this.fatal.compareAndSet(null, new IllegalStateException("a fetch failed: " + ex, ex));
		}
	}

	private void awaitFetchers() {
		try {
			while (!this.fetchers.awaitTermination(1, TimeUnit.SECONDS)) {
				// fetches end by themselves: each is bounded by timeouts and the retry budget
			}
		}
		catch (InterruptedException ex) {
			this.fetchers.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	/** Adds an outcome to the batch and frees its place in the window and the budget; returns its weight. */
	private int handOver(FetchOutcome outcome, List<FetchOutcome> batch) {
		batch.add(outcome);
		int outcomeWeight = weight(outcome);
		this.window.release();
		this.itemBudget.release(outcomeWeight);
		return outcomeWeight;
	}

	/** Items an outcome holds in memory; one answer larger than the whole budget takes all of it. */
	private int weight(FetchOutcome outcome) {
		if (outcome instanceof Answered answered) {
			return Math.min(1 + answered.itemCount(), this.itemBudgetTotal);
		}
		return 1;
	}

	private void throwIfFatal() {
		RuntimeException ex = this.fatal.get();
		if (ex != null) {
			throw ex;
		}
	}

	/**
	 * After a fatal error: an open circuit breaker leaves the outcomes already finished to be written
	 * (the failures that opened it among them), then fails; any other fatal error (a rejected key, a
	 * bug) fails at once, and what is in hand is not written.
	 */
	private List<FetchOutcome> lastOutcomes(List<FetchOutcome> batch, int max) {
		if (!(this.fatal.get() instanceof ApiUnavailableException)) {
			throwIfFatal();
		}
		FetchOutcome outcome;
		while (batch.size() < max && (outcome = this.finished.poll()) != null) {
			if (outcome == END) {
				this.ended = true;
				break;
			}
			handOver(outcome, batch);
		}
		if (batch.isEmpty()) {
			throwIfFatal();
		}
		return batch;
	}

	@Override
	public void close() {
		this.stopping = true;
		this.feeder.interrupt();
		this.fetchers.shutdownNow();
	}

	/** Where the requests come from: the next ones, at most {@code max}; empty once there are no more. */
	@FunctionalInterface
	interface Requests {

		List<ClaimedRequest> next(int max);

	}

	/** Fetches one request; called on a fetcher thread. */
	@FunctionalInterface
	interface Fetcher {

		FetchOutcome fetch(ClaimedRequest request) throws InterruptedException;

	}

}
