package io.safetykit.reconciler.simulator;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Holds each API answer until its request's arrival plus the simulated latency, without a thread
 * waiting per request: one clock thread releases due answers to the server's workers. A sleeping
 * worker per call made the latency longer than asked and the call rate depend on the pool size.
 */
final class ResponseTimer implements AutoCloseable {

	private final ScheduledThreadPoolExecutor clock;

	private final Executor workers;

	ResponseTimer(Executor workers) {
		this.workers = workers;
		this.clock = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "safetykit-simulator-clock");
			thread.setDaemon(true);
			return thread;
		});
		this.clock.setRemoveOnCancelPolicy(true);
	}

	/** Runs {@code answer} on a worker at {@code dueNanos} on the {@link System#nanoTime()} scale. */
	void at(long dueNanos, Runnable answer) {
		long delay = dueNanos - System.nanoTime();
		if (delay <= 0) {
			this.workers.execute(answer);
			return;
		}
		this.clock.schedule(() -> this.workers.execute(answer), delay, TimeUnit.NANOSECONDS);
	}

	@Override
	public void close() {
		this.clock.shutdownNow();
	}

}
