package io.safetykit.reconciler.simulator;

import java.time.Duration;
import java.util.Objects;

/** One misbehaviour the simulator serves on a status call before the scenario's normal answer. */
public record Fault(Type type, int statusCode, String retryAfter, Duration delay) {

	/** What kind of misbehaviour a {@link Fault} is. */
	public enum Type {

		/** An HTTP error status, optionally with a {@code Retry-After} header. */
		HTTP_STATUS,

		/** The connection is closed without any response. */
		CONNECTION_RESET,

		/** Nothing is answered for {@link Fault#delay()}, then the connection is closed. */
		DELAY

	}

	public Fault {
		Objects.requireNonNull(type, "type");
		if (type == Type.HTTP_STATUS && (statusCode < 100 || statusCode > 599)) {
			throw new IllegalArgumentException("statusCode must be an HTTP status, was " + statusCode);
		}
		if (type == Type.DELAY && (delay == null || delay.isNegative())) {
			throw new IllegalArgumentException("delay must be a non-negative duration");
		}
	}

	public static Fault httpStatus(int statusCode) {
		return new Fault(Type.HTTP_STATUS, statusCode, null, null);
	}

	/** {@code retryAfter} is sent verbatim, so it may be seconds ("1") or an HTTP date. */
	public static Fault httpStatus(int statusCode, String retryAfter) {
		return new Fault(Type.HTTP_STATUS, statusCode, retryAfter, null);
	}

	public static Fault connectionReset() {
		return new Fault(Type.CONNECTION_RESET, 0, null, null);
	}

	public static Fault delay(Duration delay) {
		return new Fault(Type.DELAY, 0, null, delay);
	}

}
