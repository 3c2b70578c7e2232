package io.safetykit.reconciler.safetykit;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2),
			Duration.ofSeconds(5));

	@RepeatedTest(20)
	void waitsAFullyJitteredExponentialDelay() {
		assertThat(this.policy.delayAfter(1, null)).isBetween(Duration.ZERO, Duration.ofMillis(100));
		assertThat(this.policy.delayAfter(3, null)).isBetween(Duration.ZERO, Duration.ofMillis(400));
		assertThat(this.policy.delayAfter(30, null)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void honoursRetryAfterUpToTheMaximumDelay() {
		assertThat(this.policy.delayAfter(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.delayAfter(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void stopsAtTheLastAttemptOrTheTotalWait() {
		assertThat(this.policy.allowsAnother(3, Duration.ZERO, Duration.ofMillis(10))).isTrue();
		assertThat(this.policy.allowsAnother(4, Duration.ZERO, Duration.ofMillis(10))).isFalse();
		assertThat(this.policy.allowsAnother(1, Duration.ofSeconds(4), Duration.ofSeconds(2))).isFalse();
	}

}
