package io.safetykit.reconciler.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/** Sends complete, fixed-length answers so that every connection stays usable for keep-alive. */
final class Responses {

	private Responses() {
	}

	static void json(HttpExchange exchange, int status, String body) throws IOException {
		send(exchange, status, "application/json", body);
	}

	static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static void notFound(HttpExchange exchange) throws IOException {
		json(exchange, 404, "{\"error\":\"not_found\"}");
	}

	/** Closing an exchange before any header was sent closes its connection: the client sees it drop. */
	static void drop(HttpExchange exchange) {
		exchange.close();
	}

}
