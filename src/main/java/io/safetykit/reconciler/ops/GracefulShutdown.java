package io.safetykit.reconciler.ops;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;

import io.safetykit.reconciler.database.EmbeddedDatabase;
import io.safetykit.reconciler.exit.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT during a run: ask the run to stop after its current chunk, and let the main
 * thread finish normally so the execution is recorded STOPPED while the connection pool is still
 * open (Spring's own shutdown hook would close the pool first). If the run has not stopped within
 * the grace period, or a second signal comes, the process exits at once; the next run recovers.
 * <p>
 * The handlers are {@code sun.misc.Signal}'s, the only way to hear a signal before the shutdown
 * hooks run. It is reached by reflection: named in the code, it makes javac warn about an internal
 * API on every build, and the main code is compiled with warnings as errors.
 */
public final class GracefulShutdown implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(GracefulShutdown.class);

	private static final String[] SIGNALS = { "TERM", "INT" };

	private final Object[] previous = new Object[SIGNALS.length];

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
			String name = SIGNALS[i];
			shutdown.previous[i] = handle(name, shutdown.handler(name));
		}
		return shutdown;
	}

	/** Installs a handler of a signal; returns the one it replaces, or null when the signal cannot be handled here. */
	private static Object handle(String name, Object handler) {
		try {
			Class<?> signal = Class.forName("sun.misc.Signal");
			Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
			return signal.getMethod("handle", signal, handlerType)
				.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
		}
		catch (InvocationTargetException ex) {
			// the signal is not available here (or the JVM reserves it): nothing to handle
			return null;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("this JVM offers no sun.misc.Signal: " + ex, ex);
		}
	}

	private Object handler(String name) {
		try {
			Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
			return Proxy.newProxyInstance(GracefulShutdown.class.getClassLoader(), new Class<?>[] { handlerType },
					(proxy, method, args) -> switch (method.getName()) {
						case "handle" -> {
							onSignal(name);
							yield null;
						}
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						default -> "SIG" + name + " handler";
					});
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("this JVM offers no sun.misc.SignalHandler", ex);
		}
	}

	private void onSignal(String signal) {
		if (this.signalled) {
			logger.warn("Second SIG{}: exiting now; the next run recovers this one", signal);
			halt();
		}
		this.signalled = true;
		logger.warn("Received SIG{}: claiming no more; stopping once the answers in hand are written "
				+ "(grace period {}s)", signal, this.grace.toSeconds());
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(this.grace.toMillis());
				logger.error("The run did not stop within the grace period ({}s, reconciler.shutdown-grace-period); "
						+ "exiting. The next run recovers it.", this.grace.toSeconds());
				halt();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "shutdown-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		this.requestStop.run();
	}

	/** Exits at once, skipping the shutdown hooks: the embedded server, if any, is stopped first. */
	private static void halt() {
		EmbeddedDatabase.stopRunning();
		Runtime.getRuntime().halt(ExitCodes.FAILED);
	}

	@Override
	public void close() {
		for (int i = 0; i < SIGNALS.length; i++) {
			if (this.previous[i] != null) {
				handle(SIGNALS[i], this.previous[i]);
			}
		}
	}

}
