package io.safetykit.reconciler.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers each request with the next of its bodies (the last repeats)
 * and neither a Content-Length nor chunks: the body ends where the server closes the connection,
 * as an HTTP/1.0-style server sends it, so a body cut off halfway looks like a whole one.
 */
public final class ClosingHttpServer implements AutoCloseable {

	private final ServerSocket server;

	private final List<String> bodies;

	private final AtomicInteger requests = new AtomicInteger();

	private ClosingHttpServer(ServerSocket server, List<String> bodies) {
		this.server = server;
		this.bodies = bodies;
	}

	public static ClosingHttpServer answering(String... bodies) throws IOException {
		ClosingHttpServer stub = new ClosingHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
				List.of(bodies));
		Thread acceptor = new Thread(stub::serve, "closing-http-server");
		acceptor.setDaemon(true);
		acceptor.start();
		return stub;
	}

	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	/** How many requests it has answered. */
	public int requests() {
		return this.requests.get();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				readRequestHead(socket.getInputStream());
				String body = this.bodies.get(Math.min(this.requests.getAndIncrement(), this.bodies.size() - 1));
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n" + body)
					.getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			catch (IOException ex) {
				// closed, or the client went away: serve the next one
			}
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int lastFour = 0;
		int b;
		while ((b = in.read()) >= 0) {
			lastFour = (lastFour << 8) | b;
			if (lastFour == 0x0d0a0d0a) {
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
