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

	@Override
	public void handle(HttpExchange exchange) {
		try {
			route(exchange);
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
		finally {
			exchange.close();
		}
	}

	private void route(HttpExchange exchange) throws IOException, InterruptedException {
		drain(exchange);
		String[] segments = PathSegments.split(exchange.getRequestURI().getRawPath());
		boolean get = "GET".equals(exchange.getRequestMethod());
		if (get && segments.length >= 6 && segments[1].equals("v1") && segments[2].equals("data")) {
			api.handle(exchange, segments);
		}
		else if (get && segments.length >= 3 && segments[1].equals("files")) {
			files.handle(exchange, segments);
		}
		else {
			Responses.notFound(exchange);
		}
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
