package io.safetykit.reconciler.safetykit;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one operation may still spend on transient failures under a {@link RetryPolicy}: its
 * attempts and its total wait. Every failure counts against the same budget, however it came
 * (a refused call, a download cut off halfway), so retries never multiply.
 */
public final class RetryBudget {

	private final RetryPolicy policy;

	private final LongAdder retries;

	private int failures;

	private Duration waited = Duration.ZERO;

	RetryBudget(RetryPolicy policy, LongAdder retries) {
		this.policy = policy;
		this.retries = retries;
	}

	/**
	 * After a transient failure: waits before the next attempt (honouring {@code retryAfter}, which
	 * may be null) and returns true, or returns false at once when the attempts or the wait are spent.
	 */
	public boolean waitAfterFailure(Duration retryAfter) throws InterruptedException {
		this.failures++;
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedException();
		}
		Duration wait = this.policy.delayAfter(this.failures, retryAfter);
		if (!this.policy.allowsAnother(this.failures, this.waited, wait)) {
			return false;
		}
		this.retries.increment();
		Thread.sleep(wait.toMillis());
		this.waited = this.waited.plus(wait);
		return true;
	}

	/** The failed attempts so far, for messages: "after 3 attempts". */
	public String attempts() {
		return this.failures + ((this.failures == 1) ? " attempt" : " attempts");
	}

	/** The time spent waiting between attempts so far. */
	public Duration waited() {
		return this.waited;
	}

}
