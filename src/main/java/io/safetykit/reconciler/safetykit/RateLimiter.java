package io.safetykit.reconciler.safetykit;

/**
 * Spaces calls evenly at a rate shared by all threads, retries included: each caller reserves the
 * next free slot and sleeps until it. No burst allowance, so the API never sees more than the rate
 * in any window. A rate of 0 means no limit.
 */
public final class RateLimiter {

	private final long intervalNanos;

	private long nextFreeNanos = System.nanoTime();

	public RateLimiter(double callsPerSecond) {
		this.intervalNanos = (callsPerSecond > 0) ? Math.max(1, (long) (1_000_000_000L / callsPerSecond)) : 0;
	}

	/** Blocks until this caller may make one call. */
	public void acquire() throws InterruptedException {
		if (this.intervalNanos == 0) {
			return;
		}
		long waitNanos = reserve();
		if (waitNanos > 0) {
			Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
		}
	}

	private synchronized long reserve() {
		long now = System.nanoTime();
		long slot = Math.max(this.nextFreeNanos, now);
		this.nextFreeNanos = slot + this.intervalNanos;
		return slot - now;
	}

}
