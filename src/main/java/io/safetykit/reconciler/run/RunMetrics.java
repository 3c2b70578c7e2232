package io.safetykit.reconciler.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.safetykit.reconciler.safetykit.CallRecorder;

import org.springframework.stereotype.Component;

/**
 * The job's Micrometer meters: every HTTP call timed by operation and outcome as it happens, and
 * each run's totals (requests by result, errors by kind, rows written, retries) when it ends.
 * Pushed to a Prometheus Pushgateway when {@code management.prometheus.metrics.export.pushgateway.enabled}.
 */
@Component
public class RunMetrics {

	private final MeterRegistry registry;

	private final Map<String, Timer> callTimers = new ConcurrentHashMap<>();

	RunMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Records each call as {@code safetykit.calls{operation, outcome}}. */
	public CallRecorder callRecorder() {
		return (operation, outcome, nanos) -> this.callTimers
			.computeIfAbsent(operation + '/' + outcome, (key) -> Timer.builder("safetykit.calls")
				.description("SafetyKit API and file host calls")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	void publish(RunSummary summary) {
		count("reconciler.requests", "result", "succeeded", summary.succeeded());
		count("reconciler.requests", "result", "failed", summary.failed());
		count("reconciler.requests", "result", "pending", summary.stillPending());
		count("reconciler.requests", "result", "error", summary.errors());
		count("reconciler.requests", "result", "skipped", summary.skipped());
		summary.errorsByKind().forEach((kind, n) -> count("reconciler.errors", "kind", kind, n));
		count("reconciler.rows.written", "table", "item", summary.itemsWritten());
		count("reconciler.rows.written", "table", "item_label", summary.labelsWritten());
		count("reconciler.rows.written", "table", "import_result", summary.importResults());
		count("reconciler.result.files", "result", "loaded", summary.filesLoaded());
		Counter.builder("reconciler.retries").register(this.registry).increment(summary.retries());
		Timer.builder("reconciler.run.duration").register(this.registry).record(summary.duration());
	}

	private void count(String name, String tag, String value, long amount) {
		Counter.builder(name).tag(tag, value).register(this.registry).increment(amount);
	}

}
