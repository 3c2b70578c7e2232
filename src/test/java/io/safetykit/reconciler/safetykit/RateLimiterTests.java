package io.safetykit.reconciler.safetykit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTests {

	@Test
	void spacesCallsFromAllThreadsAtTheRate() throws Exception {
		RateLimiter limiter = new RateLimiter(200);
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				try {
					for (int i = 0; i < 25; i++) {
						limiter.acquire();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		// 100 calls at 200/s: the 100th may start 99 intervals after the first
		assertThat(seconds).isGreaterThanOrEqualTo(0.49);
	}

	@Test
	void zeroMeansNoLimit() throws Exception {
		RateLimiter limiter = new RateLimiter(0);
		long start = System.nanoTime();
		for (int i = 0; i < 10_000; i++) {
			limiter.acquire();
		}
		assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.5);
	}

}
