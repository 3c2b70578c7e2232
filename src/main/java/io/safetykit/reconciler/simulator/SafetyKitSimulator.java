package io.safetykit.reconciler.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * An in-process HTTP stand-in for the SafetyKit Data API and the file host behind its result links,
 * answering each request as its registered {@link Scenario} says.
 */
public final class SafetyKitSimulator implements AutoCloseable {

	private static final int BACKLOG = 4096;

	static {
		// Without TCP_NODELAY a body written after its headers can wait out the client's delayed ACK (~40 ms).
		// The JDK server reads this once, when it is first used.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final ResponseTimer timer;

	private final URI baseUri;

	private final RequestBook book;

	private final SimulatorCounters counters;

	private SafetyKitSimulator(HttpServer server, ExecutorService executor, ResponseTimer timer, URI baseUri,
			RequestBook book, SimulatorCounters counters) {
		this.server = server;
		this.executor = executor;
		this.timer = timer;
		this.baseUri = baseUri;
		this.book = book;
		this.counters = counters;
	}

	/** Binds 127.0.0.1 on {@code settings.port()} (0 picks a free port) and starts serving. */
	public static SafetyKitSimulator start(SimulatorSettings settings) {
		HttpServer server;
		try {
			InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
			server = HttpServer.create(new InetSocketAddress(loopback, settings.port()), BACKLOG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind the simulator to port " + settings.port(), ex);
		}
		URI baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
		RequestBook book = new RequestBook(settings.defaultScenario());
		SimulatorCounters counters = new SimulatorCounters();
		LinkSigner signer = new LinkSigner(baseUri, settings.linkTtl(), Clock.systemUTC());
		ExecutorService executor = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
		ResponseTimer timer = new ResponseTimer(executor);
		ApiEndpoint api = new ApiEndpoint(settings.apiKey(), settings.latency(), book, new StatusBodies(signer),
				counters, timer);
		server.createContext("/", new Router(api, new FileHost(signer, book, counters)));
		server.setExecutor(executor);
		server.start();
		return new SafetyKitSimulator(server, executor, timer, baseUri, book, counters);
	}

	/** Where the simulator listens, without a trailing slash. */
	public URI baseUri() {
		return baseUri;
	}

	/** Makes {@code requestId} in {@code namespace} answer as {@code scenario} instead of the default. */
	public void register(String namespace, String requestId, Scenario scenario) {
		book.register(new RequestKey(namespace, requestId), scenario);
	}

	/** Authorized status calls that reached this request, whatever they were answered. */
	public int statusCalls(String namespace, String requestId) {
		return book.polls(new RequestKey(namespace, requestId));
	}

	public long totalStatusCalls() {
		return book.totalPolls();
	}

	public long totalDownloadUrlCalls() {
		return counters.downloadUrlCalls.sum();
	}

	/** Result files the file host started to stream. */
	public long fileDownloads() {
		return counters.fileDownloads.sum();
	}

	/** Requests to the file host that carried an Authorization header: a correct client never sends one. */
	public long authorizationHeadersSeenByFileHost() {
		return counters.authorizationHeadersSeenByFileHost.sum();
	}

	@Override
	public void close() {
		server.stop(0);
		timer.close();
		executor.shutdownNow();
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, "safetykit-simulator-" + count.incrementAndGet());
			// Daemon: only the server's own dispatcher thread should decide whether a JVM stays up.
			thread.setDaemon(true);
			return thread;
		};
	}

}
