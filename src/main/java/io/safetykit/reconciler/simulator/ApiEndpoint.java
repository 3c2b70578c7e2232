package io.safetykit.reconciler.simulator;

import java.io.IOException;
import java.time.Duration;

import com.sun.net.httpserver.HttpExchange;

/** The two Data API operations: request status and result download-url. */
final class ApiEndpoint {

	private final String expectedAuthorization;

	private final Duration latency;

	private final RequestBook book;

	private final StatusBodies bodies;

	private final SimulatorCounters counters;

	private final ResponseTimer timer;

	ApiEndpoint(String apiKey, Duration latency, RequestBook book, StatusBodies bodies, SimulatorCounters counters,
			ResponseTimer timer) {
		this.expectedAuthorization = "Bearer " + apiKey;
		this.latency = latency;
		this.timer = timer;
		this.book = book;
		this.bodies = bodies;
		this.counters = counters;
	}

	/**
	 * {@code segments} is the raw path split on '/': "", "v1", "data", namespace, "requests", id, ...
	 * Returns true when the answer is sent later, at {@code arrivalNanos} plus the latency, and the
	 * exchange is no longer the caller's to close.
	 */
	boolean handle(HttpExchange exchange, String[] segments, long arrivalNanos)
			throws IOException, InterruptedException {
		boolean status = segments.length == 6;
		boolean downloadUrl = segments.length == 8 && "results".equals(segments[6])
				&& "download-url".equals(segments[7]);
		if (!"requests".equals(segments[4]) || !(status || downloadUrl) || segments[3].isEmpty()
				|| segments[5].isEmpty()) {
			Responses.notFound(exchange);
			return false;
		}
		if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			Responses.json(exchange, 401, "{\"error\":\"unauthorized\"}");
			return false;
		}
		RequestKey key = new RequestKey(PathSegments.decode(segments[3]), PathSegments.decode(segments[5]));
		if (latency.isZero()) {
			answer(exchange, key, status);
			return false;
		}
		// Polls are counted when the answer is made, as a server that takes the latency to work would.
		timer.at(arrivalNanos + latency.toNanos(), () -> Router.finish(exchange, () -> answer(exchange, key, status)));
		return true;
	}

	private void answer(HttpExchange exchange, RequestKey key, boolean status) throws IOException, InterruptedException {
		if (status) {
			answerStatus(exchange, key);
		}
		else {
			answerDownloadUrl(exchange, key);
		}
	}

	private void answerStatus(HttpExchange exchange, RequestKey key) throws IOException, InterruptedException {
		int poll = book.poll(key);
		Scenario scenario = book.scenario(key);
		int faults = scenario.faults().size();
		if (poll <= faults) {
			serve(exchange, scenario.faults().get(poll - 1));
		}
		else if (scenario.rawBody() != null) {
			Responses.json(exchange, 200, scenario.rawBody());
		}
		else if (scenario.tooLarge()) {
			Responses.json(exchange, 413,
					"{\"error\":\"response_too_large\",\"message\":\"Output exceeds 5 MiB; use the download-url operation.\"}");
		}
		else if (scenario.notFound()) {
			Responses.notFound(exchange);
		}
		else {
			Responses.json(exchange, 200, bodies.status(key, scenario.statusAt(poll - faults), scenario));
		}
	}

	private void answerDownloadUrl(HttpExchange exchange, RequestKey key) throws IOException {
		counters.downloadUrlCalls.increment();
		Scenario scenario = book.scenario(key);
		if (scenario.notFound()) {
			Responses.notFound(exchange);
			return;
		}
		// The request is where its status calls have brought it; faults do not apply to this operation.
		int answers = book.polls(key) - scenario.faults().size();
		String status = scenario.tooLarge() ? scenario.statusAt(Integer.MAX_VALUE) : scenario.statusAt(answers);
		Responses.json(exchange, 200, bodies.downloadUrl(key, status, scenario));
	}

	private static void serve(HttpExchange exchange, Fault fault) throws IOException, InterruptedException {
		switch (fault.type()) {
			case HTTP_STATUS -> {
				if (fault.retryAfter() != null) {
					exchange.getResponseHeaders().set("Retry-After", fault.retryAfter());
				}
				Responses.json(exchange, fault.statusCode(), "{\"error\":\"simulated_fault\"}");
			}
			case CONNECTION_RESET -> Responses.drop(exchange);
			case DELAY -> {
				Thread.sleep(fault.delay().toMillis());
				Responses.drop(exchange);
			}
		}
	}

}
