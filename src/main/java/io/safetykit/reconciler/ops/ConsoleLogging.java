package io.safetykit.reconciler.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Moves console logging to standard error once Spring Boot has set it up, so that standard output
 * carries only what a command prints on purpose (a report piped into a file, the demo's tables).
 */
public final class ConsoleLogging {

	private ConsoleLogging() {
	}

	public static void toStandardError() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		for (var appenders = root.iteratorForAppenders(); appenders.hasNext();) {
			Appender<?> appender = appenders.next();
			if (appender instanceof ConsoleAppender<?> console && !"System.err".equals(console.getTarget())) {
				console.stop();
				console.setTarget("System.err");
				console.start();
			}
		}
	}

}
