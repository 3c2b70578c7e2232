package io.safetykit.reconciler.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least a client can do per call: {@code concurrency} threads sharing one keep-alive JDK
 * HttpClient (HTTP/1.1), each taking the next request id and reading the status answer's bytes.
 */
final class BareHttpLoop {

	private BareHttpLoop() {
	}

	/** Calls the status operation once for each of {@code ids}; returns the elapsed time. */
	static Duration run(URI baseUri, List<String> ids, int concurrency) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		AtomicInteger next = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(concurrency);
		try {
			long start = System.nanoTime();
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < concurrency; i++) {
				workers.add(threads.submit(() -> {
					for (int index = next.getAndIncrement(); index < ids.size(); index = next.getAndIncrement()) {
						call(http, baseUri, ids.get(index));
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
			return Duration.ofNanos(System.nanoTime() - start);
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static void call(HttpClient http, URI baseUri, String requestId) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(baseUri.resolve("/v1/data/" + BenchDatabase.NAMESPACE + "/requests/" + requestId))
			.header("Authorization", "Bearer " + SimulatorProcess.API_KEY)
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("bare loop: status call for " + requestId + " answered "
					+ response.statusCode());
		}
	}

}
