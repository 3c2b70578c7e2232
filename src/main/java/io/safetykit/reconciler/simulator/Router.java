package io.safetykit.reconciler.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Sends each request to the API or the file host, and answers 404 to anything else. */
final class Router implements HttpHandler {

	private final ApiEndpoint api;

	private final FileHost files;

	Router(ApiEndpoint api, FileHost files) {
		this.api = api;
		this.files = files;
	}

	/** Work that answers an exchange; it may fail the ways sending an answer can. */
	@FunctionalInterface
	interface Answer {

		void send() throws IOException, InterruptedException;

	}

	@Override
	public void handle(HttpExchange exchange) {
		long arrival = System.nanoTime();
		if (!attempt(exchange, () -> route(exchange, arrival))) {
			exchange.close();
		}
	}

	/** Sends an answer that was held back, and closes the exchange whatever happens. */
	static void finish(HttpExchange exchange, Answer answer) {
		attempt(exchange, () -> {
			answer.send();
			return false;
		});
		exchange.close();
	}

	/** Returns true when the API answers later and owns the exchange from now on. */
	private boolean route(HttpExchange exchange, long arrival) throws IOException, InterruptedException {
		drain(exchange);
		String[] segments = PathSegments.split(exchange.getRequestURI().getRawPath());
		boolean get = "GET".equals(exchange.getRequestMethod());
		if (get && segments.length >= 6 && segments[1].equals("v1") && segments[2].equals("data")) {
			return api.handle(exchange, segments, arrival);
		}
		if (get && segments.length >= 3 && segments[1].equals("files")) {
			files.handle(exchange, segments);
		}
		else {
			Responses.notFound(exchange);
		}
		return false;
	}

	/** Runs {@code step}; after a failure, answers as well as it can and returns false. */
	private static boolean attempt(HttpExchange exchange, Step step) {
		try {
			return step.run();
		}
		catch (RuntimeException ex) {
			// A simulator bug should reach the client under test as a server error, not as a dropped connection.
			answerQuietly(exchange, 500, "{\"error\":\"internal_error\"}");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// The client went away; closing the exchange is all there is to do.
		}
		return false;
	}

	@FunctionalInterface
	private interface Step {

		boolean run() throws IOException, InterruptedException;

	}

	/** The request body has to be consumed for the connection to be reused. */
	private static void drain(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			in.transferTo(OutputStream.nullOutputStream());
		}
	}

	private static void answerQuietly(HttpExchange exchange, int status, String body) {
		try {
			Responses.json(exchange, status, body);
		}
		catch (IOException ex) {
			// The exchange is closed by the caller either way.
		}
	}

}
