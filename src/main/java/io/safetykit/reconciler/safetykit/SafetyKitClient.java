package io.safetykit.reconciler.safetykit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.safetykit.reconciler.safetykit.ApiFailure.Malformed;
import io.safetykit.reconciler.safetykit.ApiFailure.NotFound;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.TooLarge;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;

import org.springframework.web.util.UriUtils;

/**
 * The two SafetyKit operations the job needs, one attempt each. Every answer other than a
 * well-formed 200 becomes an {@link ApiFailureException} carrying a typed {@link ApiFailure}.
 * Built on {@code java.net.http} directly: the job needs the raw status, the Retry-After header,
 * a size-capped body and a deadline on the whole exchange, with no second exception layer.
 */
public class SafetyKitClient {

	private final HttpClient http;

	private final String baseUrl;

	private final String authorization;

	private final Duration readTimeout;

	private final long maxResponseBytes;

	private final CappedBody body;

	private final Semaphore parsing = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

	private final StatusResponseParser parser;

	public SafetyKitClient(HttpClient http, SafetyKitProperties properties, Duration readTimeout, long maxResponseBytes,
			StatusResponseParser parser) {
		this.http = http;
		String base = properties.baseUrl().toString();
		this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.authorization = "Bearer " + properties.apiKey();
		this.readTimeout = readTimeout;
		this.maxResponseBytes = maxResponseBytes;
		this.body = new CappedBody(maxResponseBytes);
		this.parser = parser;
	}

	/** {@code GET /v1/data/{namespace}/requests/{requestId}}. */
	public StatusResponse getStatus(String namespace, String requestId) throws ApiFailureException {
		byte[] body = get(requestPath(namespace, requestId));
		try {
			// a parsed tree takes several times its answer's size: only a few at once
			this.parsing.acquireUninterruptibly();
			return this.parser.parse(body, namespace, requestId);
		}
		catch (MalformedResponseException ex) {
			throw new ApiFailureException(new Malformed(ex.getMessage()));
		}
		finally {
			this.parsing.release();
		}
	}

	/** {@code GET /v1/data/{namespace}/requests/{requestId}/results/download-url}: the Import shape for any request. */
	public ImportOutput getDownloadUrl(String namespace, String requestId) throws ApiFailureException {
		byte[] body = get(requestPath(namespace, requestId) + "/results/download-url");
		try {
			return this.parser.parseImport(body, namespace, requestId);
		}
		catch (MalformedResponseException ex) {
			throw new ApiFailureException(new Malformed(ex.getMessage()));
		}
	}

	static String requestPath(String namespace, String requestId) {
		return "/v1/data/" + UriUtils.encodePathSegment(namespace, StandardCharsets.UTF_8) + "/requests/"
				+ UriUtils.encodePathSegment(requestId, StandardCharsets.UTF_8);
	}

	private byte[] get(String path) throws ApiFailureException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.readTimeout)
			.header("Authorization", this.authorization)
			.header("Accept", "application/json")
			.GET()
			.build();
		CompletableFuture<HttpResponse<byte[]>> exchange = this.http.sendAsync(request, this.body);
		HttpResponse<byte[]> response;
		try {
			// the request's own timeout ends at the headers; this deadline also covers a body that stalls
			response = exchange.get(this.readTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new ApiFailureException(new Transient("timeout", null));
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw new ApiFailureException(new Transient("interrupted", null), ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof CappedBody.TooLargeException) {
				throw new ApiFailureException(new Malformed("answer larger than reconciler.max-response-size ("
						+ this.maxResponseBytes + " bytes)"));
			}
			IOException io = (cause instanceof IOException e) ? e : new IOException(cause);
			throw new ApiFailureException(new Transient(describe(io), null), cause);
		}
		if (response.statusCode() == 200) {
			return response.body();
		}
		throw new ApiFailureException(classify(response.statusCode(), response));
	}

	private static ApiFailure classify(int status, HttpResponse<?> response) {
		return switch (status) {
			case 401, 403 -> new Rejected(status);
			case 404 -> new NotFound();
			case 413 -> new TooLarge();
			case 408, 425, 429 -> new Transient("HTTP " + status, RetryAfter.parse(response.headers()));
			default -> {
				if (status >= 500) {
					yield new Transient("HTTP " + status, RetryAfter.parse(response.headers()));
				}
				if (status >= 300 && status < 400) {
					yield new Malformed("unexpected redirect (HTTP " + status + "); redirects are not followed");
				}
				yield new Malformed("unexpected HTTP " + status);
			}
		};
	}

	/** A transport failure in words that never include a URL. */
	public static String describe(IOException ex) {
		if (ex instanceof HttpTimeoutException) {
			return "timeout";
		}
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		return "connection error (" + ex.getClass().getSimpleName() + ")";
	}

}
