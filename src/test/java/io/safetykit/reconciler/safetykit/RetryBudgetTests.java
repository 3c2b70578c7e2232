package io.safetykit.reconciler.safetykit;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	@Test
	void allowsOneAttemptFewerRetriesThanMaxAttempts() throws InterruptedException {
		LongAdder retries = new LongAdder();
		RetryBudget budget = new RetryBudget(
				new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofHours(1)), retries);
		assertThat(budget.waitAfterFailure(null)).isTrue();
		assertThat(budget.waitAfterFailure(null)).isTrue();
		assertThat(budget.waitAfterFailure(null)).isFalse();
		assertThat(budget.attempts()).isEqualTo("3 attempts");
		assertThat(retries.sum()).isEqualTo(2);
	}

	@Test
	void neverWaitsLongerInTotalThanMaxTotal() throws InterruptedException {
		Duration maxTotal = Duration.ofMillis(120);
		RetryBudget budget = new RetryBudget(
				new RetryPolicy(1_000, Duration.ofMillis(40), Duration.ofMillis(40), maxTotal), new LongAdder());
		long start = System.nanoTime();
		int retries = 0;
		while (budget.waitAfterFailure(Duration.ofMillis(40))) {
			retries++;
		}
		assertThat(retries).isEqualTo(3);
		assertThat(budget.waited()).isLessThanOrEqualTo(maxTotal);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(maxTotal.plusMillis(500));
	}

}
