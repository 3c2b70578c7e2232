package io.safetykit.reconciler.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JDK HTTP client pointed at a simulator, as the tests' stand-in for the real client. */
final class SimulatorClient {

	static final String API_KEY = "test-key";

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI baseUri;

	SimulatorClient(SafetyKitSimulator simulator) {
		this.baseUri = simulator.baseUri();
	}

	HttpResponse<String> status(String namespace, String requestId) {
		return status(namespace, requestId, API_KEY);
	}

	HttpResponse<String> status(String namespace, String requestId, String apiKey) {
		return send(apiRequest(requestPath(namespace, requestId), apiKey), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> downloadUrl(String namespace, String requestId) {
		return send(apiRequest(requestPath(namespace, requestId) + "/results/download-url", API_KEY),
				HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<InputStream> file(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
	}

	HttpResponse<InputStream> file(String url, String authorization) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(baseUri.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	<T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		try {
			return http.send(request, handler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpRequest apiRequest(String path, String apiKey) {
		return HttpRequest.newBuilder(URI.create(baseUri + path))
			.header("Authorization", "Bearer " + apiKey)
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
	}

	static String requestPath(String namespace, String requestId) {
		return "/v1/data/" + PathSegments.encode(namespace) + "/requests/" + PathSegments.encode(requestId);
	}

}
