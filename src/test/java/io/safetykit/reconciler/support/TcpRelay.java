package io.safetykit.reconciler.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the test database that can be cut, as a database restart or a failover
 * cuts a job off: {@link #cut()} drops every open connection, and until {@link #restore()} every
 * new one is closed as soon as it is accepted.
 */
public final class TcpRelay implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private TcpRelay(ServerSocket server, InetSocketAddress target) {
		this.server = server;
		this.target = target;
	}

	/** A relay to the test database's server. */
	public static TcpRelay toTestDatabase() throws IOException {
		URI database = URI.create(TestDatabase.url().substring("jdbc:".length()));
		InetSocketAddress target = new InetSocketAddress(database.getHost(),
				(database.getPort() > 0) ? database.getPort() : 5432);
		ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		TcpRelay relay = new TcpRelay(server, target);
		daemon("tcp-relay-accept", relay::acceptAll);
		return relay;
	}

	/** The test database's JDBC URL, through the relay. */
	public String jdbcUrl() {
		URI database = URI.create(TestDatabase.url().substring("jdbc:".length()));
		return "jdbc:postgresql://127.0.0.1:" + this.server.getLocalPort() + database.getRawPath()
				+ ((database.getRawQuery() != null) ? "?" + database.getRawQuery() : "");
	}

	public void cut() {
		this.cut = true;
		this.open.forEach(TcpRelay::closeQuietly);
		this.open.clear();
	}

	public void restore() {
		this.cut = false;
	}

	@Override
	public void close() {
		closeQuietly(this.server);
		cut();
	}

	private void acceptAll() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				Socket upstream = new Socket();
				upstream.connect(this.target, 5_000);
				this.open.add(client);
				this.open.add(upstream);
				daemon("tcp-relay-up", () -> pump(client, upstream));
				daemon("tcp-relay-down", () -> pump(upstream, client));
			}
			catch (IOException ex) {
				// closed, or the server refused: the client sees its connection drop
			}
		}
	}

	private void pump(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			byte[] buffer = new byte[16 * 1024];
			for (int n; (n = in.read(buffer)) >= 0;) {
				out.write(buffer, 0, n);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away: so does the other
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
