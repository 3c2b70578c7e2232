package io.safetykit.reconciler.safetykit;

import java.util.concurrent.atomic.LongAdder;

import io.safetykit.reconciler.safetykit.ApiFailure.Transient;

/**
 * Makes one call, retrying what may pass on a second try: transient failures are retried with backoff and
 * jitter (honouring Retry-After) under the shared rate limit, up to the policy's attempts and total
 * wait; any other failure, or the last transient one, is the result.
 */
public final class RetryingCaller {

	private final RateLimiter rateLimiter;

	private final RetryPolicy policy;

	private final LongAdder calls;

	private final LongAdder retries;

	private final CallRecorder recorder;

	public RetryingCaller(RateLimiter rateLimiter, RetryPolicy policy, LongAdder calls, LongAdder retries,
			CallRecorder recorder) {
		this.rateLimiter = rateLimiter;
		this.policy = policy;
		this.calls = calls;
		this.retries = retries;
		this.recorder = recorder;
	}

	/** The answer, or the failure that ended the attempts; {@code operation} names the call in metrics. */
	public <T> Result<T> call(String operation, Call<T> call) throws InterruptedException {
		return call(operation, call, newBudget());
	}

	/**
	 * The answer, or the failure that ended the attempts, spending a budget the caller may go on
	 * spending on failures of its own (a download that breaks off after the call succeeded).
	 */
	public <T> Result<T> call(String operation, Call<T> call, RetryBudget budget) throws InterruptedException {
		while (true) {
			this.rateLimiter.acquire();
			this.calls.increment();
			long start = System.nanoTime();
			try {
				T value = call.get();
				this.recorder.record(operation, "ok", System.nanoTime() - start);
				return new Result<>(value, null);
			}
			catch (ApiFailureException ex) {
				this.recorder.record(operation, ex.failure().kind(), System.nanoTime() - start);
				if (!(ex.failure() instanceof Transient failure)) {
					return new Result<>(null, ex.failure());
				}
				if (!budget.waitAfterFailure(failure.retryAfter())) {
					// the server's wish outlives the run: the request's next poll honours it too
					return new Result<>(null,
							new Transient(failure.reason() + " after " + budget.attempts(), failure.retryAfter()));
				}
			}
		}
	}

	/** A fresh budget of the policy's attempts and total wait, for one operation. */
	public RetryBudget newBudget() {
		return new RetryBudget(this.policy, this.retries);
	}

	/** One attempt of one operation. */
	@FunctionalInterface
	public interface Call<T> {

		T get() throws ApiFailureException;

	}

	/** Either {@code value} or {@code failure} is set. */
	public record Result<T>(T value, ApiFailure failure) {

		public boolean succeeded() {
			return this.failure == null;
		}

	}

}
