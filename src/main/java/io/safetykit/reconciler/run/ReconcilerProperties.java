package io.safetykit.reconciler.run;

import java.time.Duration;

import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.safetykit.RetryPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The job's own settings, prefix {@code reconciler.} (env {@code RECONCILER_...}). Every value is
 * checked at start-up; a bad one stops the process with one line and exit code 2.
 *
 * @param chunkSize requests written per transaction
 * @param concurrency HTTP calls in flight
 * @param rateLimit calls per second across all threads, retries included; 0 = no limit
 * @param maxAttempts attempts per request and run for transient failures (1 = no retry)
 * @param connectTimeout TCP connect timeout
 * @param readTimeout time to wait for an answer
 * @param retryInitialDelay first backoff before full jitter
 * @param retryMaxDelay cap on one wait between attempts, Retry-After included
 * @param retryMaxTotal cap on the time one request may spend waiting between attempts
 * @param notFoundLimit consecutive 404 polls after which a request is marked failed
 * @param circuitBreakerThreshold consecutive requests that end in a transient failure after which the run stops
 * @param maxResponseSize answers larger than this are treated as malformed
 * @param pollBackoffInitial wait before polling a still-pending request again
 * @param pollBackoffMax cap of that wait as it doubles with each poll
 * @param progressInterval how often a progress line is logged
 * @param shutdownGracePeriod how long a SIGTERM waits for the current chunk before the process exits anyway
 * @param claimLease how long a run's claims outlive its last lease renewal: the longest a crashed
 *        run's requests stay taken (renewed every third of it)
 * @param summaryFile where to write each run's summary as JSON, or null for nowhere
 */
@ConfigurationProperties("reconciler")
public record ReconcilerProperties(
		@DefaultValue("250") int chunkSize,
		@DefaultValue("16") int concurrency,
		@DefaultValue("0") double rateLimit,
		@DefaultValue("5") int maxAttempts,
		@DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("30s") Duration readTimeout,
		@DefaultValue("200ms") Duration retryInitialDelay,
		@DefaultValue("30s") Duration retryMaxDelay,
		@DefaultValue("2m") Duration retryMaxTotal,
		@DefaultValue("3") int notFoundLimit,
		@DefaultValue("50") int circuitBreakerThreshold,
		@DefaultValue("32MB") DataSize maxResponseSize,
		@DefaultValue("1m") Duration pollBackoffInitial,
		@DefaultValue("1h") Duration pollBackoffMax,
		@DefaultValue("10s") Duration progressInterval,
		@DefaultValue("30s") Duration shutdownGracePeriod,
		@DefaultValue("30s") Duration claimLease,
		String summaryFile) {

	public ReconcilerProperties {
		requireRange("reconciler.chunk-size", chunkSize, 1, 100_000);
		requireRange("reconciler.concurrency", concurrency, 1, 1024);
		requireRange("reconciler.max-attempts", maxAttempts, 1, 100);
		requireRange("reconciler.not-found-limit", notFoundLimit, 1, 1000);
		requireRange("reconciler.circuit-breaker-threshold", circuitBreakerThreshold, 1, 1_000_000);
		if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
			throw new UsageException("reconciler.rate-limit must be 0 (no limit) or a positive number of calls per second, was " + rateLimit);
		}
		requirePositive("reconciler.connect-timeout", connectTimeout);
		requirePositive("reconciler.read-timeout", readTimeout);
		requirePositive("reconciler.retry-initial-delay", retryInitialDelay);
		requirePositive("reconciler.retry-max-delay", retryMaxDelay);
		requirePositive("reconciler.retry-max-total", retryMaxTotal);
		requirePositive("reconciler.poll-backoff-initial", pollBackoffInitial);
		requirePositive("reconciler.poll-backoff-max", pollBackoffMax);
		requirePositive("reconciler.progress-interval", progressInterval);
		requirePositive("reconciler.shutdown-grace-period", shutdownGracePeriod);
		if (claimLease.compareTo(Duration.ofSeconds(1)) < 0 || claimLease.compareTo(Duration.ofHours(1)) > 0) {
			throw new UsageException("reconciler.claim-lease must be between 1s and 1h (e.g. 30s), was " + claimLease);
		}
		if (maxResponseSize.toBytes() < 1024) {
			throw new UsageException("reconciler.max-response-size must be at least 1KB, was " + maxResponseSize);
		}
	}

	/** How transient failures are retried. */
	public RetryPolicy retryPolicy() {
		return new RetryPolicy(this.maxAttempts, this.retryInitialDelay, this.retryMaxDelay, this.retryMaxTotal);
	}

	private static void requireRange(String setting, int value, int min, int max) {
		if (value < min || value > max) {
			throw new UsageException(setting + " must be between " + min + " and " + max + ", was " + value);
		}
	}

	private static void requirePositive(String setting, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new UsageException(setting + " must be a positive duration (e.g. 500ms, 30s, 5m), was " + value);
		}
	}

}
