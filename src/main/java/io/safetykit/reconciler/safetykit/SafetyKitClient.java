package io.safetykit.reconciler.safetykit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import io.safetykit.reconciler.safetykit.ApiFailure.Malformed;
import io.safetykit.reconciler.safetykit.ApiFailure.NotFound;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.TooLarge;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;

/**
 * The two SafetyKit operations the job needs, one attempt each. Every answer other than a
 * well-formed 200 becomes an {@link ApiFailureException} carrying a typed {@link ApiFailure}.
 * Built on the JDK's blocking {@link HttpURLConnection} (HTTP/1.1, keep-alive): measured against
 * the simulator, {@code java.net.http} added 2–3 ms to every call and twice the CPU, and the job
 * makes one call per request. A read timeout also bounds a body that stalls halfway.
 */
public class SafetyKitClient {

	private static final int ERROR_BODY_DRAIN = 64 * 1024;

	private final String baseUrl;

	private final String authorization;

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	private final long maxResponseBytes;

	private final StatusResponseParser parser;

	private final Semaphore parsing;

	public SafetyKitClient(SafetyKitProperties properties, Duration connectTimeout, Duration readTimeout,
			long maxResponseBytes, StatusResponseParser parser, int parsesAtOnce) {
		String base = properties.baseUrl().toString();
		this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.authorization = "Bearer " + properties.apiKey();
		this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
		this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
		this.maxResponseBytes = maxResponseBytes;
		this.parser = parser;
		this.parsing = new Semaphore(parsesAtOnce);
	}

	/** {@code GET /v1/data/{namespace}/requests/{requestId}}. */
	public StatusResponse getStatus(String namespace, String requestId) throws ApiFailureException {
		byte[] body = get(requestPath(namespace, requestId));
		return parsed(() -> this.parser.parse(body, namespace, requestId));
	}

	/** {@code GET /v1/data/{namespace}/requests/{requestId}/results/download-url}: the Import shape for any request. */
	public ImportOutput getDownloadUrl(String namespace, String requestId) throws ApiFailureException {
		byte[] body = get(requestPath(namespace, requestId) + "/results/download-url");
		return parsed(() -> this.parser.parseImport(body, namespace, requestId));
	}

	/** Parsing is CPU work: no more answers at once than {@code reconciler.pipeline.parses} allows. */
	private <T> T parsed(Parse<T> parse) throws ApiFailureException {
		this.parsing.acquireUninterruptibly();
		try {
			return parse.get();
		}
		catch (MalformedResponseException ex) {
			throw new ApiFailureException(new Malformed(ex.getMessage()));
		}
		catch (RuntimeException ex) {
			// an answer the reader did not foresee is that request's problem, not the run's
			throw new ApiFailureException(new Malformed("unreadable (" + ex.getClass().getSimpleName() + ")"));
		}
		finally {
			this.parsing.release();
		}
	}

	@FunctionalInterface
	private interface Parse<T> {

		T get() throws MalformedResponseException;

	}

	static String requestPath(String namespace, String requestId) {
		return "/v1/data/" + PathSegment.encode(namespace) + "/requests/" + PathSegment.encode(requestId);
	}

	private byte[] get(String path) throws ApiFailureException {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(this.baseUrl + path).toURL()
				.openConnection();
			connection.setInstanceFollowRedirects(false);
			connection.setUseCaches(false);
			connection.setConnectTimeout(this.connectTimeoutMillis);
			connection.setReadTimeout(this.readTimeoutMillis);
			connection.setRequestProperty("Authorization", this.authorization);
			connection.setRequestProperty("Accept", "application/json");
			int status = connection.getResponseCode();
			if (status == 200) {
				return readCapped(connection);
			}
			drain(connection.getErrorStream());
			throw new ApiFailureException(classify(status, connection.getHeaderField("Retry-After")));
		}
		catch (IOException ex) {
			throw new ApiFailureException(new Transient(describe(ex), null), ex);
		}
	}

	private byte[] readCapped(HttpURLConnection connection) throws IOException, ApiFailureException {
		long length = connection.getContentLengthLong();
		if (length > this.maxResponseBytes) {
			connection.disconnect();
			throw new ApiFailureException(new Malformed(tooBig()));
		}
		try (InputStream in = connection.getInputStream()) {
			// the declared length when there is one: read into an array of that size, not in 8 KiB pieces
			byte[] bytes = (length >= 0 && length <= Integer.MAX_VALUE - 8) ? readExactly(in, (int) length)
					: in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxResponseBytes + 1));
			if (bytes.length > this.maxResponseBytes) {
				connection.disconnect();
				throw new ApiFailureException(new Malformed(tooBig()));
			}
			return bytes;
		}
	}

	private static byte[] readExactly(InputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		if (in.readNBytes(bytes, 0, length) < length) {
			throw new EOFException("the answer ended before its Content-Length");
		}
		return bytes;
	}

	/** Reads a small error body so that the connection can be kept alive. */
	private static void drain(InputStream error) throws IOException {
		if (error != null) {
			try (error) {
				error.readNBytes(ERROR_BODY_DRAIN);
			}
		}
	}

	private String tooBig() {
		return "answer larger than reconciler.max-response-size (" + this.maxResponseBytes + " bytes)";
	}

	private static ApiFailure classify(int status, String retryAfterHeader) {
		Duration retryAfter = (retryAfterHeader != null) ? RetryAfter.parse(retryAfterHeader, Clock.systemUTC()) : null;
		return switch (status) {
			case 401, 403 -> new Rejected(status);
			case 404 -> new NotFound();
			case 413 -> new TooLarge();
			case 408, 425, 429 -> new Transient("HTTP " + status, retryAfter);
			default -> {
				if (status >= 500) {
					yield new Transient("HTTP " + status, retryAfter);
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
		if (ex instanceof SocketTimeoutException || ex instanceof HttpTimeoutException) {
			return "timeout";
		}
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		return "connection error (" + ex.getClass().getSimpleName() + ")";
	}

}
