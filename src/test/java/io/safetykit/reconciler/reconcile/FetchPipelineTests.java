package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.safetykit.reconciler.reconcile.FetchOutcome.Answered;
import io.safetykit.reconciler.reconcile.FetchOutcome.Failed;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.RequestStatus;
import io.safetykit.reconciler.safetykit.ResultItem;
import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.store.ClaimedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fetch pipeline with a fake source and fetcher: no database, no HTTP. */
@Timeout(30)
class FetchPipelineTests {

	private static final Duration LINGER = Duration.ofMillis(200);

	private final List<FetchPipeline> pipelines = new ArrayList<>();

	@AfterEach
	void closePipelines() {
		this.pipelines.forEach(FetchPipeline::close);
	}

	@Test
	void handsOverAnswersInTheOrderTheyFinish() throws Exception {
		FetchPipeline pipeline = start(requests("slow", "fast"), (request) -> {
			if (request.requestId().equals("slow")) {
				Thread.sleep(500);
			}
			return pending(request, 0);
		}, 4, 10, 1000);
		assertThat(ids(pipeline.next(1, LINGER))).containsExactly("fast");
		assertThat(ids(pipeline.next(1, LINGER))).containsExactly("slow");
		assertThat(pipeline.next(1, LINGER)).isEmpty();
	}

	@Test
	void closesAChunkAtTheLingerTimeWithWhatItHas() throws Exception {
		FetchPipeline pipeline = start(requests("a", "b"), (request) -> {
			if (request.requestId().equals("b")) {
				Thread.sleep(2000);
			}
			return pending(request, 0);
		}, 4, 10, 1000);
		long start = System.nanoTime();
		assertThat(ids(pipeline.next(10, LINGER))).containsExactly("a");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
	}

	@Test
	void endsAChunkWhenItHoldsTheItemBudget() throws Exception {
		// each answer weighs 1 + 4 items: two of them fill a budget of 10
		FetchPipeline pipeline = start(requests("a", "b", "c", "d", "e"), (request) -> pending(request, 4), 4, 10, 10);
		List<FetchOutcome> first = pipeline.next(100, LINGER);
		assertThat(first).hasSize(2);
		List<FetchOutcome> all = new ArrayList<>(first);
		for (List<FetchOutcome> next = pipeline.next(100, LINGER); !next.isEmpty(); next = pipeline.next(100, LINGER)) {
			assertThat(next.size()).isLessThanOrEqualTo(2);
			all.addAll(next);
		}
		assertThat(ids(all)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
	}

	@Test
	void claimsNoMoreThanTheWindowAheadOfTheStep() throws Exception {
		AtomicInteger claimed = new AtomicInteger();
		FetchPipeline.Requests endless = (max) -> {
			List<ClaimedRequest> batch = new ArrayList<>();
			for (int i = 0; i < max; i++) {
				batch.add(request("r" + claimed.incrementAndGet()));
			}
			return batch;
		};
		FetchPipeline pipeline = start(endless, (request) -> pending(request, 0), 4, 20, 1000);
		Thread.sleep(500);
		assertThat(claimed.get()).isEqualTo(20);
		assertThat(pipeline.next(5, LINGER)).hasSize(5);
		Thread.sleep(500);
		assertThat(claimed.get()).isLessThanOrEqualTo(25);
	}

	@Test
	void handsOverEveryClaimedRequestAfterAStopRequest() throws Exception {
		Set<String> claimed = ConcurrentHashMap.newKeySet();
		AtomicInteger next = new AtomicInteger();
		FetchPipeline.Requests endless = (max) -> {
			List<ClaimedRequest> batch = new ArrayList<>();
			for (int i = 0; i < max; i++) {
				ClaimedRequest request = request("r" + next.incrementAndGet());
				claimed.add(request.requestId());
				batch.add(request);
			}
			return batch;
		};
		FetchPipeline pipeline = start(endless, (request) -> {
			Thread.sleep(20);
			return pending(request, 0);
		}, 4, 40, 1000);
		List<String> handed = new ArrayList<>(ids(pipeline.next(10, LINGER)));
		pipeline.stopFeeding();
		for (List<FetchOutcome> batch = pipeline.next(10, LINGER); !batch.isEmpty(); batch = pipeline.next(10,
				LINGER)) {
			handed.addAll(ids(batch));
		}
		assertThat(handed).hasSameSizeAs(claimed).containsExactlyInAnyOrderElementsOf(claimed);
	}

	@Test
	void failsTheRunOnAnUnexpectedErrorInAFetch() {
		FetchPipeline pipeline = start(requests("a", "b", "c"), (request) -> {
			if (request.requestId().equals("b")) {
				throw new IllegalStateException("boom");
			}
			return pending(request, 0);
		}, 1, 10, 1000);
		assertThatThrownBy(() -> {
			while (!pipeline.next(10, LINGER).isEmpty()) {
				// drain until the error surfaces
			}
		}).isInstanceOf(IllegalStateException.class).hasMessage("boom");
	}

	@Test
	void stopsTheRunWhenTooManyRequestsInARowFailTransiently() {
		List<ClaimedRequest> many = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			many.add(request("r" + i));
		}
		FetchPipeline pipeline = start(requests(many),
				(request) -> new Failed(request, new Transient("HTTP 503", null)), 2, 10, 1000, new CircuitBreaker(5));
		List<FetchOutcome> handed = new ArrayList<>();
		assertThatThrownBy(() -> {
			for (List<FetchOutcome> batch = pipeline.next(10, LINGER); !batch.isEmpty(); batch = pipeline.next(10,
					LINGER)) {
				handed.addAll(batch);
			}
		}).isInstanceOf(ApiUnavailableException.class).hasMessageContaining("5 requests in a row");
		// every failure that finished, the five that opened the breaker among them, is handed over to be
		// recorded before the run fails; the rest are never fetched
		assertThat(handed).hasSizeBetween(5, 5 + 2);
		assertThat(handed).allSatisfy((outcome) -> assertThat(outcome).isInstanceOf(Failed.class));
	}

	@Test
	void keepsGoingWhenAnswersComeBetweenTransientFailures() throws Exception {
		List<ClaimedRequest> many = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			many.add(request("r" + i));
		}
		AtomicInteger calls = new AtomicInteger();
		FetchPipeline pipeline = start(requests(many),
				(request) -> (calls.incrementAndGet() % 4 == 0) ? pending(request, 0)
						: new Failed(request, new Transient("HTTP 503", null)),
				1, 10, 1000, new CircuitBreaker(5));
		int handed = 0;
		for (List<FetchOutcome> batch = pipeline.next(10, LINGER); !batch.isEmpty(); batch = pipeline.next(10,
				LINGER)) {
			handed += batch.size();
		}
		assertThat(handed).isEqualTo(40);
	}

	private FetchPipeline start(FetchPipeline.Requests source, FetchPipeline.Fetcher fetcher, int concurrency,
			int window, int itemBudget) {
		return start(source, fetcher, concurrency, window, itemBudget, new CircuitBreaker(1000));
	}

	private FetchPipeline start(FetchPipeline.Requests source, FetchPipeline.Fetcher fetcher, int concurrency,
			int window, int itemBudget, CircuitBreaker breaker) {
		FetchPipeline pipeline = new FetchPipeline(source, fetcher, breaker, concurrency, window,
				Math.max(1, window / 2), itemBudget);
		this.pipelines.add(pipeline);
		pipeline.start();
		return pipeline;
	}

	private static FetchPipeline.Requests requests(String... ids) {
		List<ClaimedRequest> all = new ArrayList<>();
		for (String id : ids) {
			all.add(request(id));
		}
		return requests(all);
	}

	private static FetchPipeline.Requests requests(List<ClaimedRequest> all) {
		List<ClaimedRequest> left = Collections.synchronizedList(new ArrayList<>(all));
		return (max) -> {
			synchronized (left) {
				List<ClaimedRequest> batch = new ArrayList<>(left.subList(0, Math.min(max, left.size())));
				left.subList(0, batch.size()).clear();
				return batch;
			}
		};
	}

	private static ClaimedRequest request(String id) {
		return new ClaimedRequest("ns", id, null, "queued", 0, 0, 0);
	}

	private static FetchOutcome pending(ClaimedRequest request, int items) {
		List<ResultItem> held = Collections.nCopies(items, null);
		return new Answered(request, new AddOutput("ns", request.requestId(), RequestStatus.INGESTING, null, held),
				false, null);
	}

	private static List<String> ids(List<FetchOutcome> outcomes) {
		return outcomes.stream().map((outcome) -> outcome.request().requestId()).toList();
	}

}
