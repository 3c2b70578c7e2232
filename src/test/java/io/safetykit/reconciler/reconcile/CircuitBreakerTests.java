package io.safetykit.reconciler.reconcile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTests {

	@Test
	void opensAfterTheThresholdOfTransientFailuresInARow() {
		CircuitBreaker breaker = new CircuitBreaker(3);
		breaker.recordTransientFailure();
		breaker.recordTransientFailure();
		assertThat(breaker.isOpen()).isFalse();
		breaker.recordTransientFailure();
		assertThat(breaker.isOpen()).isTrue();
	}

	@Test
	void anAnswerStartsTheCountAgain() {
		CircuitBreaker breaker = new CircuitBreaker(3);
		breaker.recordTransientFailure();
		breaker.recordTransientFailure();
		breaker.recordAnswer();
		breaker.recordTransientFailure();
		breaker.recordTransientFailure();
		assertThat(breaker.isOpen()).isFalse();
	}

}
