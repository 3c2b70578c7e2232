package io.safetykit.reconciler.demo;

import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.simulator.Fault;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.Scenario.Malformation;

/** The sample requests the demo seeds: at least one of every kind of answer the job handles. */
final class DemoRequests {

	/** One sample request and how the simulator answers it. */
	record DemoRequest(String namespace, String requestId, Scenario scenario) {
	}

	private DemoRequests() {
	}

	static List<DemoRequest> all() {
		List<DemoRequest> requests = new ArrayList<>();
		for (int i = 1; i <= 12; i++) {
			requests.add(new DemoRequest("listings", "demo-add-%03d".formatted(i), Scenario.add(1 + i % 4, 1 + i % 3)));
		}
		for (int i = 1; i <= 3; i++) {
			requests.add(new DemoRequest("profiles", "demo-import-%03d".formatted(i), Scenario.importResult(50 * i, 2)));
		}
		requests.add(new DemoRequest("listings", "demo-queued", Scenario.pending("queued")));
		requests.add(new DemoRequest("profiles", "demo-uploading",
				Scenario.importResult(10, 1).withStatuses("uploading", "ingesting", "succeeded")));
		requests.add(new DemoRequest("listings", "demo-ingesting",
				Scenario.add(2, 2).withStatuses("ingesting", "succeeded")));
		requests.add(new DemoRequest("listings", "demo-failed", Scenario.failed("image could not be downloaded")));
		requests.add(new DemoRequest("listings", "demo-too-large", Scenario.tooLarge(40, 2)));
		requests.add(new DemoRequest("messages", "demo-flaky", Scenario.add(1, 2).withFaults(Fault.httpStatus(503, "1"))));
		requests.add(new DemoRequest("messages", "demo-unknown", Scenario.unknown()));
		requests.add(new DemoRequest("messages", "demo-malformed", Scenario.malformed(Malformation.NOT_JSON)));
		return requests;
	}

}
