package io.safetykit.reconciler.safetykit;

import java.time.Duration;

/**
 * Why a call did not give a well-formed answer; the reconcile step decides what each does to its
 * request (README, "What a run does with each answer").
 */
public sealed interface ApiFailure {

	/** Text for {@code last_error} and events: never a URL, never the key. */
	String describe();

	/** A short name for summaries and metrics. */
	default String kind() {
		if (this instanceof Transient) {
			return "transient";
		}
		if (this instanceof Rejected) {
			return "rejected";
		}
		if (this instanceof NotFound) {
			return "not_found";
		}
		return (this instanceof TooLarge) ? "too_large" : "malformed";
	}

	/** 429, 5xx, timeouts, resets: worth retrying. {@code retryAfter} is the server's wish, or null. */
	record Transient(String reason, Duration retryAfter) implements ApiFailure {

		@Override
		public String describe() {
			return "transient: " + this.reason;
		}

	}

	/** 401/403: the API key is wrong; the run must stop. */
	record Rejected(int httpStatus) implements ApiFailure {

		@Override
		public String describe() {
			return "rejected: HTTP " + this.httpStatus + " (check SAFETYKIT_API_KEY)";
		}

	}

	/** 404: SafetyKit does not know the request (yet, or ever). */
	record NotFound() implements ApiFailure {

		@Override
		public String describe() {
			return "not found: HTTP 404";
		}

	}

	/** 413: the inline answer is over SafetyKit's size limit; use the download-url operation. */
	record TooLarge() implements ApiFailure {

		@Override
		public String describe() {
			return "too large: HTTP 413";
		}

	}

	/** An answer we cannot trust: not JSON, unknown status, wrong request, missing field, oversized. */
	record Malformed(String reason) implements ApiFailure {

		@Override
		public String describe() {
			return "malformed: " + this.reason;
		}

	}

}
