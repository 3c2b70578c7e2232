package io.safetykit.reconciler.reconcile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** Hands each finished run's summary from its step to whoever launched it. */
@Component
public class RunSummaries {

	private final Map<Long, RunSummary> byExecution = new ConcurrentHashMap<>();

	void put(long jobExecutionId, RunSummary summary) {
		this.byExecution.put(jobExecutionId, summary);
	}

	/** Removes and returns the summary of a job execution. */
	public Optional<RunSummary> take(long jobExecutionId) {
		return Optional.ofNullable(this.byExecution.remove(jobExecutionId));
	}

}
