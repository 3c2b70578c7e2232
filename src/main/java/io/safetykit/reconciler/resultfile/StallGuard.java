package io.safetykit.reconciler.resultfile;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Closes a download that has stopped sending: a read blocked longer than the read timeout fails
 * with an IOException (and is retried) instead of hanging the run. HTTP clients time out waiting
 * for headers, not for a body that stalls halfway.
 */
final class StallGuard extends FilterInputStream {

	private static final ScheduledExecutorService WATCHDOG = Executors
		.newSingleThreadScheduledExecutor(daemonThreads());

	private final long timeoutNanos;

	private final ScheduledFuture<?> check;

	private volatile long lastProgress = System.nanoTime();

	private volatile boolean stalled;

	StallGuard(InputStream in, Duration timeout) {
		super(in);
		this.timeoutNanos = timeout.toNanos();
		long period = Math.max(10, timeout.toMillis() / 4);
		this.check = WATCHDOG.scheduleWithFixedDelay(this::closeIfStalled, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		progress();
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		try {
			int n = super.read(buffer, offset, length);
			progress();
			return n;
		}
		catch (IOException ex) {
			throw this.stalled ? new IOException("file host sent nothing for longer than the read timeout") : ex;
		}
	}

	@Override
	public void close() throws IOException {
		this.check.cancel(false);
		super.close();
	}

	private void progress() {
		this.lastProgress = System.nanoTime();
	}

	private void closeIfStalled() {
		if (System.nanoTime() - this.lastProgress > this.timeoutNanos) {
			this.stalled = true;
			try {
				close();
			}
			catch (IOException ex) {
				// closing is all we can do
			}
		}
	}

	private static CustomizableThreadFactory daemonThreads() {
		CustomizableThreadFactory factory = new CustomizableThreadFactory("download-watchdog-");
		factory.setDaemon(true);
		return factory;
	}

}
