package io.safetykit.reconciler.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scriptable HTTP server on loopback for tests: per raw path, a queue of answers served in order
 * (the last one repeats), with every request's path and Authorization header recorded.
 */
public final class HttpStub implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

	private HttpStub(HttpServer server) {
		this.server = server;
	}

	public static HttpStub start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
			HttpStub stub = new HttpStub(server);
			server.createContext("/", stub::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return stub;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** Answers for a raw (encoded) path, in order; the last repeats. */
	public HttpStub on(String rawPath, Answer... answers) {
		this.answers.put(rawPath, new CopyOnWriteArrayList<>(answers));
		this.served.put(rawPath, new AtomicInteger());
		return this;
	}

	public List<Seen> seen() {
		return List.copyOf(this.seen);
	}

	public long count(String rawPath) {
		return this.seen.stream().filter((s) -> s.path().equals(rawPath)).count();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		this.seen.add(new Seen(path, exchange.getRequestHeaders().getFirst("Authorization")));
		exchange.getRequestBody().readAllBytes();
		List<Answer> list = this.answers.get(path);
		if (list == null) {
			send(exchange, Answer.status(404, "{\"error\":\"no such path in stub\"}"));
			return;
		}
		int n = this.served.get(path).getAndIncrement();
		send(exchange, list.get(Math.min(n, list.size() - 1)));
	}

	private static void send(HttpExchange exchange, Answer answer) throws IOException {
		if (answer.delay() != null) {
			sleep(answer.delay());
		}
		if (answer.reset()) {
			exchange.close();
			return;
		}
		if (answer.status() == STALL || answer.status() == CUT_SHORT) {
			// headers and a little of the body, then nothing, or the connection closed
			exchange.sendResponseHeaders(200, 1000);
			OutputStream out = exchange.getResponseBody();
			out.write("{\"namespace\":".getBytes(StandardCharsets.UTF_8));
			out.flush();
			if (answer.status() == STALL) {
				sleep(Duration.ofSeconds(10));
			}
			exchange.close();
			return;
		}
		answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/json"));
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static final int STALL = -2;

	private static final int CUT_SHORT = -3;

	/** One scripted answer. */
	public record Answer(int status, String body, Map<String, String> headers, Duration delay, boolean reset) {

		public static Answer ok(String body) {
			return new Answer(200, body, Map.of(), null, false);
		}

		public static Answer status(int status, String body) {
			return new Answer(status, body, Map.of(), null, false);
		}

		public static Answer status(int status, String body, Map<String, String> headers) {
			return new Answer(status, body, headers, null, false);
		}

		/** Headers and the first bytes of a body, then silence. */
		public static Answer stalledBody() {
			return new Answer(STALL, "", Map.of(), null, false);
		}

		/** Headers and the first bytes of a body, then the connection closed. */
		public static Answer cutShort() {
			return new Answer(CUT_SHORT, "", Map.of(), null, false);
		}

		public static Answer connectionReset() {
			return new Answer(0, "", Map.of(), null, true);
		}

		public Answer delayed(Duration delay) {
			return new Answer(this.status, this.body, this.headers, delay, this.reset);
		}

	}

	/** One request the stub received. */
	public record Seen(String path, String authorization) {
	}

}
