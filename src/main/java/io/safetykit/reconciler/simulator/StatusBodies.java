package io.safetykit.reconciler.simulator;

import io.safetykit.reconciler.simulator.Scenario.Malformation;

/** Writes the 200 bodies of the status and download-url calls in the API's Add, Import and bare shapes. */
final class StatusBodies {

	static final String SUCCEEDED = "succeeded";

	static final String FAILED = "failed";

	private static final String DEFAULT_FAILURE = "Simulated failure";

	private final LinkSigner signer;

	StatusBodies(LinkSigner signer) {
		this.signer = signer;
	}

	/** The status answer for {@code status}, broken as the scenario's malformation says. */
	String status(RequestKey key, String status, Scenario scenario) {
		Malformation malformation = scenario.malformation();
		if (malformation == Malformation.NOT_JSON) {
			return "<html>oops</html>";
		}
		String namespace = malformation == Malformation.WRONG_NAMESPACE ? key.namespace() + "-elsewhere"
				: key.namespace();
		String requestId = malformation == Malformation.WRONG_REQUEST_ID ? key.requestId() + "-other" : key.requestId();
		String echoedStatus = switch (malformation) {
			case UNKNOWN_STATUS -> "exploded";
			case MISSING_STATUS -> null;
			default -> status;
		};
		StringBuilder out = new StringBuilder(256);
		out.append('{');
		switch (scenario.kind()) {
			case ADD -> appendData(out, status, scenario);
			case IMPORT -> appendImport(out, key, status, scenario);
			case NONE -> {
			}
		}
		return appendTail(out, namespace, requestId, echoedStatus, status, scenario);
	}

	/** The download-url answer: always the Import shape, whatever kind the request is. */
	String downloadUrl(RequestKey key, String status, Scenario scenario) {
		StringBuilder out = new StringBuilder(256).append('{');
		appendImport(out, key, status, scenario);
		return appendTail(out, key.namespace(), key.requestId(), status, status, scenario);
	}

	private static void appendData(StringBuilder out, String status, Scenario scenario) {
		out.append("\"data\":[");
		if (SUCCEEDED.equals(status)) {
			for (int number = 1; number <= scenario.items(); number++) {
				if (number > 1) {
					out.append(',');
				}
				boolean withId = number > 1 || scenario.malformation() != Malformation.ITEM_WITHOUT_ID;
				ResultItems.append(out, number, scenario.labelsPerItem(), withId, scenario.revises(number));
			}
		}
		out.append("],");
	}

	private void appendImport(StringBuilder out, RequestKey key, String status, Scenario scenario) {
		if (SUCCEEDED.equals(status)) {
			SignedLink link = signer.sign(key.namespace(), key.requestId(), scenario.gzipFile());
			out.append("\"data_count\":").append(scenario.items()).append(',');
			Json.field(out, "data_expires_at", link.expiresAt()).append(',');
			Json.field(out, "data_url", link.url()).append(',');
		}
		else {
			out.append("\"data_count\":null,\"data_expires_at\":null,\"data_url\":null,");
		}
	}

	private static String appendTail(StringBuilder out, String namespace, String requestId, String echoedStatus,
			String status, Scenario scenario) {
		String errorSummary = scenario.errorSummary();
		if (errorSummary == null && FAILED.equals(status)) {
			errorSummary = DEFAULT_FAILURE;
		}
		if (errorSummary != null) {
			Json.field(out, "error_summary", errorSummary).append(',');
		}
		Json.field(out, "namespace", namespace).append(',');
		Json.field(out, "request_id", requestId);
		if (echoedStatus != null) {
			Json.field(out.append(','), "status", echoedStatus);
		}
		return out.append('}').toString();
	}

}
