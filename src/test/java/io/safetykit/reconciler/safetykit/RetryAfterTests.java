package io.safetykit.reconciler.safetykit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

	@Test
	void readsDelaySeconds() {
		assertThat(RetryAfter.parse("120", this.clock)).isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void readsAnHttpDate() {
		assertThat(RetryAfter.parse("Sat, 28 Nov 2026 12:00:30 GMT", this.clock)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void treatsADateInThePastAsNoWait() {
		assertThat(RetryAfter.parse("Sat, 28 Nov 2026 11:00:00 GMT", this.clock)).isEqualTo(Duration.ZERO);
	}

	@Test
	void ignoresAnythingElse() {
		assertThat(RetryAfter.parse("soon", this.clock)).isNull();
		assertThat(RetryAfter.parse("-5", this.clock)).isNull();
	}

}
