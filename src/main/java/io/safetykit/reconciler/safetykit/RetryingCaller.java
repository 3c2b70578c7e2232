package io.safetykit.reconciler.safetykit;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.safetykit.reconciler.safetykit.ApiFailure.Transient;

/**
 * Makes one call with SPEC §4's retry rules: transient failures are retried with backoff and
 * jitter (honouring Retry-After) under the shared rate limit, up to the policy's attempts and total
 * wait; any other failure, or the last transient one, is the result.
 */
public final class RetryingCaller {

	private final RateLimiter rateLimiter;

	private final RetryPolicy policy;

	private final LongAdder calls;

	private final LongAdder retries;

	public RetryingCaller(RateLimiter rateLimiter, RetryPolicy policy, LongAdder calls, LongAdder retries) {
		this.rateLimiter = rateLimiter;
		this.policy = policy;
		this.calls = calls;
		this.retries = retries;
	}

	/** The answer, or the failure that ended the attempts. */
	public <T> Result<T> call(Call<T> call) throws InterruptedException {
		Duration waited = Duration.ZERO;
		for (int attempt = 1;; attempt++) {
			this.rateLimiter.acquire();
			this.calls.increment();
			try {
				return new Result<>(call.get(), null, attempt);
			}
			catch (ApiFailureException ex) {
				if (!(ex.failure() instanceof Transient failure)) {
					return new Result<>(null, ex.failure(), attempt);
				}
				if (Thread.currentThread().isInterrupted()) {
					throw new InterruptedException();
				}
				Duration wait = this.policy.delayAfter(attempt, failure.retryAfter());
				if (!this.policy.allowsAnother(attempt, waited, wait)) {
					String attempts = attempt + ((attempt == 1) ? " attempt" : " attempts");
					return new Result<>(null, new Transient(failure.reason() + " after " + attempts, null), attempt);
				}
				this.retries.increment();
				Thread.sleep(wait.toMillis());
				waited = waited.plus(wait);
			}
		}
	}

	/** One attempt of one operation. */
	@FunctionalInterface
	public interface Call<T> {

		T get() throws ApiFailureException;

	}

	/** Either {@code value} or {@code failure} is set; {@code attempts} counts the calls made. */
	public record Result<T>(T value, ApiFailure failure, int attempts) {

		public boolean succeeded() {
			return this.failure == null;
		}

	}

}
