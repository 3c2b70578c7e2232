package io.safetykit.reconciler.simulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Registered scenarios and how many status calls reached each request, which decides the next answer. */
final class RequestBook {

	private final Scenario defaultScenario;

	private final ConcurrentMap<RequestKey, Scenario> scenarios = new ConcurrentHashMap<>();

	// Integer values rather than counters: most requests are polled once, and small Integers are shared.
	private final ConcurrentMap<RequestKey, Integer> polls = new ConcurrentHashMap<>();

	private final LongAdder totalPolls = new LongAdder();

	RequestBook(Scenario defaultScenario) {
		this.defaultScenario = defaultScenario;
	}

	void register(RequestKey key, Scenario scenario) {
		scenarios.put(key, scenario);
	}

	Scenario scenario(RequestKey key) {
		return scenarios.getOrDefault(key, defaultScenario);
	}

	/** Counts one status call and returns its 1-based number for this request. */
	int poll(RequestKey key) {
		totalPolls.increment();
		return polls.merge(key, 1, Integer::sum);
	}

	int polls(RequestKey key) {
		return polls.getOrDefault(key, 0);
	}

	long totalPolls() {
		return totalPolls.sum();
	}

}
