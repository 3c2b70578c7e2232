package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Logs done / total, rate and ETA at a steady interval while a run is under way. */
final class ProgressReporter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ProgressReporter.class);

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("progress-"));

	private final long startNanos = System.nanoTime();

	ProgressReporter(Duration interval, long total, LongSupplier done) {
		long millis = interval.toMillis();
		this.scheduler.scheduleAtFixedRate(() -> logger.info(line(total, done.getAsLong())), millis, millis,
				TimeUnit.MILLISECONDS);
	}

	private String line(long total, long done) {
		double seconds = (System.nanoTime() - this.startNanos) / 1e9;
		double rate = (seconds > 0) ? done / seconds : 0;
		long left = Math.max(0, total - done);
		String eta = (rate > 0) ? formatDuration(Duration.ofSeconds((long) Math.ceil(left / rate))) : "unknown";
		double percent = (total > 0) ? 100.0 * done / total : 100.0;
		return String.format("progress: %d/%d requests (%.1f%%), %.1f requests/s, ETA %s", done, total, percent, rate,
				eta);
	}

	static String formatDuration(Duration duration) {
		long s = duration.getSeconds();
		return (s >= 3600) ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
				: (s >= 60) ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
