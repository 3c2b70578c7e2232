package io.safetykit.reconciler.safetykit;

/** Observes each HTTP call: its outcome ({@code ok} or a failure kind) and how long it took. */
@FunctionalInterface
public interface CallRecorder {

	CallRecorder NONE = (operation, outcome, nanos) -> {
	};

	void record(String operation, String outcome, long nanos);

}
