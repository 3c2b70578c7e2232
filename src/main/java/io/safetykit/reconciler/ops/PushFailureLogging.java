package io.safetykit.reconciler.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Spring Boot's Pushgateway manager logs a failed push of the metrics with its stack trace, at start
 * and again as the process ends. A Pushgateway out of reach is a setting to fix, not a bug: this
 * turns each such entry into one line that names the setting. The run itself is not affected.
 */
public final class PushFailureLogging extends TurboFilter {

	static final String MANAGER = "org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager";

	/** Adds the filter to Logback's context, once Spring Boot has set logging up (once per context). */
	public static void install() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
				&& context.getTurboFilterList().stream().noneMatch(PushFailureLogging.class::isInstance)) {
			PushFailureLogging filter = new PushFailureLogging();
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
		}
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable failure) {
		if (failure == null || !MANAGER.equals(logger.getName())) {
			return FilterReply.NEUTRAL;
		}
		// the same logger, without the throwable, so that this filter lets it through
		logger.warn("Pushing the metrics failed ({}); the run's outcome is not affected. Check "
				+ "MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS (host:port) and the Pushgateway",
				failure.getMessage());
		return FilterReply.DENY;
	}

}
