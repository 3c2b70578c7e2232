package io.safetykit.reconciler.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chromium without a window, driven over the Chrome DevTools Protocol on the JDK's WebSocket: it
 * opens local files only (every other request is failed and recorded) and collects console errors,
 * uncaught exceptions and failed loads.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final WebSocket socket;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final List<CompletableFuture<JsonNode>> loads = new CopyOnWriteArrayList<>();

	private final List<String> problems = new CopyOnWriteArrayList<>();

	private final String session;

	private HeadlessChromium(Path executable, Path profile) throws Exception {
		this.process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
				"--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
			.redirectErrorStream(true)
			.redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
			.start();
		List<String> endpoint = devToolsEndpoint(profile.resolve("DevToolsActivePort"));
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + endpoint.get(0) + endpoint.get(1)), new Listener())
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asString();
		this.session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
			.get("sessionId")
			.asString();
		for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
			call(domain + ".enable", Map.of());
		}
		call("Fetch.enable", Map.of("patterns", List.of(Map.of("urlPattern", "*"))));
	}

	/** Starts Chromium with a fresh profile under {@code directory}. */
	static HeadlessChromium start(Path executable, Path directory) throws Exception {
		return new HeadlessChromium(executable, Files.createDirectories(directory.resolve("chromium-profile")));
	}

	/** Opens a local file in a window of the given size and waits for its load event. */
	void open(Path file, int width, int height) throws Exception {
		call("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
		CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
		this.loads.add(loaded);
		JsonNode navigation = call("Page.navigate", Map.of("url", file.toUri().toString()));
		if (navigation.hasNonNull("errorText")) {
			this.problems.add("navigation: " + navigation.get("errorText").asString());
		}
		loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	/** The value of a JavaScript expression in the page, as JSON. */
	JsonNode evaluate(String expression) throws Exception {
		JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
		if (result.hasNonNull("exceptionDetails")) {
			throw new IllegalStateException("evaluation failed: " + result.get("exceptionDetails"));
		}
		return result.get("result").get("value");
	}

	/** A PNG of the whole page, beyond the window. */
	void screenshot(Path file) throws Exception {
		JsonNode size = call("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
		JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip",
				Map.of("x", 0, "y", 0, "width", size.get("width").asDouble(), "height",
						size.get("height").asDouble(), "scale", 1)));
		Files.write(file, Base64.getDecoder().decode(shot.get("data").asString()));
	}

	/** Console errors, uncaught exceptions, failed loads and blocked requests, one line each. */
	List<String> problems() {
		return List.copyOf(this.problems);
	}

	private JsonNode call(String method, Map<String, ?> params) throws Exception {
		return call(this.session, method, params);
	}

	private JsonNode call(String session, String method, Map<String, ?> params) throws Exception {
		long id = this.ids.incrementAndGet();
		ObjectNode message = this.json.createObjectNode();
		message.put("id", id);
		message.put("method", method);
		message.set("params", this.json.valueToTree(params));
		if (session != null) {
			message.put("sessionId", session);
		}
		CompletableFuture<JsonNode> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		sendMessage(message);
		JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		if (reply.hasNonNull("error")) {
			throw new IllegalStateException(method + ": " + reply.get("error"));
		}
		return reply.get("result");
	}

	private void event(String method, JsonNode params) {
		switch (method) {
			case "Page.loadEventFired" -> this.loads.forEach((load) -> load.complete(params));
			case "Runtime.consoleAPICalled" -> {
				String type = params.get("type").asString();
				if (type.equals("error") || type.equals("assert")) {
					this.problems.add("console." + type + ": " + params.get("args"));
				}
			}
			case "Runtime.exceptionThrown" -> this.problems.add("exception: " + params.get("exceptionDetails"));
			case "Log.entryAdded" -> {
				JsonNode entry = params.get("entry");
				if (entry.get("level").asString().equals("error")) {
					this.problems.add("log error: " + entry.get("text").asString() + " " + entry.path("url").asString(""));
				}
			}
			case "Network.loadingFailed" -> this.problems.add("request failed: " + params);
			case "Fetch.requestPaused" -> requestPaused(params);
			default -> {
			}
		}
	}

	// the page may read files (itself); anything else would be a request over the network
	private void requestPaused(JsonNode params) {
		String url = params.get("request").get("url").asString();
		String requestId = params.get("requestId").asString();
		if (url.startsWith("file:")) {
			send("Fetch.continueRequest", Map.of("requestId", requestId));
		}
		else {
			this.problems.add("blocked request to " + url);
			send("Fetch.failRequest", Map.of("requestId", requestId, "errorReason", "BlockedByClient"));
		}
	}

	// from the listener's thread: no waiting for the answer there
	private void send(String method, Map<String, ?> params) {
		ObjectNode message = this.json.createObjectNode();
		message.put("id", this.ids.incrementAndGet());
		message.put("method", method);
		message.set("params", this.json.valueToTree(params));
		message.put("sessionId", this.session);
		try {
			sendMessage(message);
		}
		catch (Exception ex) {
			this.problems.add("could not send " + method + ": " + ex);
		}
	}

	/**
	 * One message at a time, each sent whole before the next: the JDK's WebSocket fails a send
	 * made while another is under way, and a lost Fetch.continueRequest (sent from the listener's
	 * thread while the test's thread sent Page.navigate) left the page unloaded until the timeout.
	 */
	private synchronized void sendMessage(ObjectNode message) throws Exception {
		this.socket.sendText(this.json.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	private static List<String> devToolsEndpoint(Path file) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.exists(file)) {
				List<String> lines = Files.readAllLines(file);
				if (lines.size() >= 2) {
					return lines;
				}
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("Chromium did not open its DevTools port within " + TIMEOUT);
	}

	/**
	 * Stops the browser and every process it started, and returns only when all are gone: its
	 * zygote's children (renderers, the storage service) outlive the browser process by a moment
	 * and write to the profile, which the test's {@code @TempDir} deletes next. Deleting it while
	 * they still wrote failed the test once, after every assertion had passed.
	 */
	@Override
	public void close() {
		List<ProcessHandle> processes = Stream.concat(Stream.of(this.process.toHandle()), this.process.descendants())
			.toList();
		this.socket.abort();
		this.process.destroy();
		processes.forEach(HeadlessChromium::awaitExit);
	}

	/** Waits for a process to exit, killing it after 10 s; a process that outlives its kill fails the test. */
	private static void awaitExit(ProcessHandle process) {
		if (exitsWithin(process, 10)) {
			return;
		}
		process.destroyForcibly();
		if (!exitsWithin(process, 10)) {
			throw new IllegalStateException("Chromium's process " + process.pid() + " did not exit when killed");
		}
	}

	/** Whether the process exits within the given seconds; an interrupt ends the wait as if it had. */
	private static boolean exitsWithin(ProcessHandle process, int seconds) {
		try {
			process.onExit().get(seconds, TimeUnit.SECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("could not wait for Chromium's process " + process.pid(), ex);
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				JsonNode message = HeadlessChromium.this.json.readTree(this.text.toString());
				this.text.setLength(0);
				if (message.has("id")) {
					CompletableFuture<JsonNode> answer = HeadlessChromium.this.pending.remove(message.get("id").asLong());
					if (answer != null) {
						answer.complete(message);
					}
				}
				else {
					event(message.get("method").asString(), message.get("params"));
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
