package io.safetykit.reconciler.safetykit;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
final class RetryAfter {

	private RetryAfter() {
	}

	/** The wait asked for, never negative; null when the value is neither form. */
	static Duration parse(String value, Clock clock) {
		String text = value.trim();
		if (text.matches("\\d{1,9}")) {
			return Duration.ofSeconds(Long.parseLong(text));
		}
		try {
			ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
			Duration wait = Duration.between(clock.instant(), at.toInstant());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
