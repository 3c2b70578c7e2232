package io.safetykit.reconciler.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least a client can do per call: {@code concurrency} threads, each on its own keep-alive
 * HTTP/1.1 connection, taking the next request id and reading the status answer's bytes. Three
 * clients, so that the job is measured against the fastest one and not only against the JDK's:
 * {@link Client#JDK_HTTP_CLIENT java.net.http}, {@link Client#URL_CONNECTION HttpURLConnection} (what
 * the job calls with) and {@link Client#RAW_SOCKET a socket} that writes the request line and headers
 * and reads the answer by its Content-Length, with no HTTP library at all.
 */
final class BareHttpLoop {

	enum Client {

		JDK_HTTP_CLIENT, URL_CONNECTION, RAW_SOCKET;

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private BareHttpLoop() {
	}

	/** Calls the status operation once for each of {@code ids} with {@code client}; returns the elapsed time. */
	static Duration run(Client client, URI baseUri, List<String> ids, int concurrency) throws Exception {
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
					try (RawConnection raw = (client == Client.RAW_SOCKET) ? new RawConnection(baseUri) : null) {
						for (int index = next.getAndIncrement(); index < ids.size(); index = next.getAndIncrement()) {
							String path = "/v1/data/" + BenchDatabase.NAMESPACE + "/requests/" + ids.get(index);
							int status = switch (client) {
								case JDK_HTTP_CLIENT -> callJdk(http, baseUri.resolve(path));
								case URL_CONNECTION -> callUrlConnection(baseUri.resolve(path));
								case RAW_SOCKET -> raw.call(path);
							};
							if (status != 200) {
								throw new IllegalStateException("bare loop (" + client.label() + "): status call for "
										+ ids.get(index) + " answered " + status);
							}
						}
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

	private static int callJdk(HttpClient http, URI uri) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + SimulatorProcess.API_KEY)
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
	}

	// the JDK keeps the connection alive for the next call once the body has been read to its end
	private static int callUrlConnection(URI uri) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
		connection.setConnectTimeout(5_000);
		connection.setReadTimeout(30_000);
		connection.setRequestProperty("Authorization", "Bearer " + SimulatorProcess.API_KEY);
		int status = connection.getResponseCode();
		try (InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			if (body != null) {
				body.readAllBytes();
			}
		}
		return status;
	}

	/** One keep-alive connection that speaks just enough HTTP/1.1 for the simulator's answers. */
	private static final class RawConnection implements AutoCloseable {

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		private final String host;

		RawConnection(URI baseUri) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.connect(new InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 5_000);
			this.socket.setSoTimeout(30_000);
			this.out = this.socket.getOutputStream();
			this.in = new BufferedInputStream(this.socket.getInputStream(), 64 * 1024);
			this.host = baseUri.getHost() + ":" + baseUri.getPort();
		}

		int call(String path) throws IOException {
			this.out.write(("GET " + path + " HTTP/1.1\r\nHost: " + this.host + "\r\nAuthorization: Bearer "
					+ SimulatorProcess.API_KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
			String statusLine = line();
			long length = -1;
			for (String header = line(); !header.isEmpty(); header = line()) {
				int colon = header.indexOf(':');
				if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
					length = Long.parseLong(header.substring(colon + 1).trim());
				}
			}
			if (length < 0) {
				throw new IOException("bare loop (raw_socket): an answer without Content-Length: " + statusLine);
			}
			this.in.skipNBytes(length);
			return Integer.parseInt(statusLine.split(" ", 3)[1]);
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
				if (b < 0) {
					throw new IOException("bare loop (raw_socket): the connection closed mid-answer");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
