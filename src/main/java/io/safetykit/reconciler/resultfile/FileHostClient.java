package io.safetykit.reconciler.resultfile;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import io.safetykit.reconciler.safetykit.ApiFailure.Malformed;
import io.safetykit.reconciler.safetykit.ApiFailure.NotFound;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.ApiFailureException;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.TransportPolicy;

/**
 * Opens a result file on its file host (S3, not SafetyKit): no API key, no redirects, plain http
 * only to loopback, gzip recognised by its magic bytes, size capped. The link is a credential:
 * no message here ever contains it.
 */
final class FileHostClient {

	private final HttpClient http;

	private final Duration readTimeout;

	private final long maxFileSize;

	FileHostClient(HttpClient http, Duration readTimeout, long maxFileSize) {
		this.http = http;
		this.readTimeout = readTimeout;
		this.maxFileSize = maxFileSize;
	}

	/** The file's decompressed content; the caller closes it. 403 (an expired link) is {@link Rejected}. */
	InputStream open(String link) throws ApiFailureException {
		URI uri;
		try {
			uri = URI.create(link);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiFailureException(new Malformed("data_url is not a URL"));
		}
		if (!TransportPolicy.isAllowed(uri)) {
			throw new ApiFailureException(new Malformed("data_url is not https (plain http only for loopback)"));
		}
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(this.readTimeout).GET().build();
		HttpResponse<InputStream> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new ApiFailureException(new Transient("file host: " + SafetyKitClient.describe(ex), null));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ApiFailureException(new Transient("interrupted", null));
		}
		int status = response.statusCode();
		if (status == 200) {
			return decompressed(capped(new StallGuard(response.body(), this.readTimeout)));
		}
		closeQuietly(response.body());
		if (status == 403) {
			throw new ApiFailureException(new Rejected(403));
		}
		if (status == 404) {
			throw new ApiFailureException(new NotFound());
		}
		if (status == 408 || status == 429 || status >= 500) {
			throw new ApiFailureException(new Transient("file host: HTTP " + status, null));
		}
		throw new ApiFailureException(new Malformed("file host answered HTTP " + status));
	}

	private InputStream decompressed(InputStream raw) throws ApiFailureException {
		try {
			BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
			in.mark(2);
			int first = in.read();
			int second = in.read();
			in.reset();
			return (first == 0x1f && second == 0x8b) ? new GZIPInputStream(in, 64 * 1024) : in;
		}
		catch (IOException ex) {
			throw new ApiFailureException(new Transient("file host: " + SafetyKitClient.describe(ex), null));
		}
	}

	private InputStream capped(InputStream in) {
		long cap = this.maxFileSize;
		return new FilterInputStream(in) {

			private long read;

			@Override
			public int read() throws IOException {
				int b = super.read();
				count((b < 0) ? 0 : 1);
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n = super.read(buffer, offset, length);
				count(Math.max(n, 0));
				return n;
			}

			private void count(int n) throws IOException {
				this.read += n;
				if (this.read > cap) {
					throw new FileTooLargeException(cap);
				}
			}

		};
	}

	private static void closeQuietly(InputStream in) {
		try {
			in.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
	}

	/** The file is larger than {@code reconciler.result-files.max-file-size}. */
	static final class FileTooLargeException extends IOException {

		FileTooLargeException(long cap) {
			super("result file larger than reconciler.result-files.max-file-size (" + cap + " bytes)");
		}

	}

}
