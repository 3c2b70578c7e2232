package io.safetykit.reconciler.reconcile;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests in a row whose fetch ended in a transient failure after all retries. Past the
 * threshold the API is considered down and the run stops rather than walk the whole table.
 */
final class CircuitBreaker {

	private final int threshold;

	private final AtomicInteger consecutive = new AtomicInteger();

	CircuitBreaker(int threshold) {
		this.threshold = threshold;
	}

	void recordTransientFailure() {
		this.consecutive.incrementAndGet();
	}

	void recordAnswer() {
		this.consecutive.set(0);
	}

	boolean isOpen() {
		return this.consecutive.get() >= this.threshold;
	}

	int threshold() {
		return this.threshold;
	}

}
