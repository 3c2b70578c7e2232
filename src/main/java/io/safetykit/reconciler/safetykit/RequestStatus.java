package io.safetykit.reconciler.safetykit;

import java.util.Locale;
import java.util.Optional;

/** A request's processing status as SafetyKit reports it; the last two are terminal. */
public enum RequestStatus {

	QUEUED, UPLOADING, INGESTING, SUCCEEDED, FAILED;

	/** The value on the wire and in {@code safetykit.request.status}. */
	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED;
	}

	public static Optional<RequestStatus> fromWire(String value) {
		for (RequestStatus status : values()) {
			if (status.wire().equals(value)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
