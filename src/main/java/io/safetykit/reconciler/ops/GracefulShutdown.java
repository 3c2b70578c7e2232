package io.safetykit.reconciler.ops;

import java.time.Duration;

import io.safetykit.reconciler.exit.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT during a run: ask the run to stop after its current chunk, and let the main
 * thread finish normally so the execution is recorded STOPPED while the connection pool is still
 * open (Spring's own shutdown hook would close the pool first). If the run has not stopped within
 * the grace period, or a second signal comes, the process exits at once; the next run recovers.
 */
public final class GracefulShutdown implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(GracefulShutdown.class);

	private static final String[] SIGNALS = { "TERM", "INT" };

	private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];

	private final Duration grace;

	private final Runnable requestStop;

	private volatile boolean signalled;

	private GracefulShutdown(Duration grace, Runnable requestStop) {
		this.grace = grace;
		this.requestStop = requestStop;
	}

	/** Handles the signals until closed. */
	public static GracefulShutdown install(Duration grace, Runnable requestStop) {
		GracefulShutdown shutdown = new GracefulShutdown(grace, requestStop);
		for (int i = 0; i < SIGNALS.length; i++) {
			try {
				shutdown.previous[i] = Signal.handle(new Signal(SIGNALS[i]), shutdown::onSignal);
			}
			catch (IllegalArgumentException ex) {
				// the signal is not available here (or the JVM reserves it): nothing to handle
			}
		}
		return shutdown;
	}

	private void onSignal(Signal signal) {
		if (this.signalled) {
			logger.warn("Second SIG{}: exiting now; the next run recovers this one", signal.getName());
			Runtime.getRuntime().halt(ExitCodes.FAILED);
		}
		this.signalled = true;
		logger.warn("Received SIG{}: stopping after the current chunk (grace period {}s)", signal.getName(),
				this.grace.toSeconds());
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(this.grace.toMillis());
				logger.error("The run did not stop within the grace period ({}s, reconciler.shutdown-grace-period); "
						+ "exiting. The next run recovers it.", this.grace.toSeconds());
				Runtime.getRuntime().halt(ExitCodes.FAILED);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "shutdown-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		this.requestStop.run();
	}

	@Override
	public void close() {
		for (int i = 0; i < SIGNALS.length; i++) {
			if (this.previous[i] != null) {
				Signal.handle(new Signal(SIGNALS[i]), this.previous[i]);
			}
		}
	}

}
