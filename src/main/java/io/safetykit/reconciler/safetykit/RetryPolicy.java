package io.safetykit.reconciler.safetykit;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for transient failures; a server's {@code Retry-After} is
 * honoured but capped like any other wait.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxTotal) {

	/** The wait before attempt {@code attempt + 1}. */
	public Duration delayAfter(int attempt, Duration retryAfter) {
		if (retryAfter != null) {
			return (retryAfter.compareTo(this.maxDelay) > 0) ? this.maxDelay : retryAfter;
		}
		long ceiling = this.initialDelay.toMillis() << Math.min(attempt - 1, 20);
		ceiling = Math.min(ceiling, this.maxDelay.toMillis());
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

	/** Whether another attempt may follow attempt {@code attempt} after waiting {@code wait} on top of {@code waited}. */
	public boolean allowsAnother(int attempt, Duration waited, Duration wait) {
		return attempt < this.maxAttempts && waited.plus(wait).compareTo(this.maxTotal) <= 0;
	}

}
