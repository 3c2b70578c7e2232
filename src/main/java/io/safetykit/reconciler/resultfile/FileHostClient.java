package io.safetykit.reconciler.resultfile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import io.safetykit.reconciler.safetykit.ApiFailure;
import io.safetykit.reconciler.safetykit.ApiFailure.Malformed;
import io.safetykit.reconciler.safetykit.ApiFailure.NotFound;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.ApiFailureException;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.TransportPolicy;

/**
 * Opens a result file on its file host (S3, not SafetyKit) over the same blocking
 * {@link HttpURLConnection} as the API calls: no API key, no redirects, plain http only to
 * loopback, gzip recognised by its magic bytes, size capped. The read timeout bounds every read,
 * so a body that stalls halfway fails (and is retried) instead of hanging the run. The link is a
 * credential: no message here ever contains it.
 */
final class FileHostClient {

	private static final int BUFFER = 64 * 1024;

	private static final int ERROR_BODY_DRAIN = 64 * 1024;

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	private final long maxFileSize;

	FileHostClient(Duration connectTimeout, Duration readTimeout, long maxFileSize) {
		this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
		this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
		this.maxFileSize = maxFileSize;
	}

	/** The file, which the caller closes. 403 (an expired link) is {@link Rejected}. */
	Download open(String link) throws ApiFailureException {
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
		HttpURLConnection connection = null;
		try {
			connection = (HttpURLConnection) uri.toURL().openConnection();
			connection.setInstanceFollowRedirects(false);
			connection.setUseCaches(false);
			connection.setConnectTimeout(this.connectTimeoutMillis);
			connection.setReadTimeout(this.readTimeoutMillis);
			int status = connection.getResponseCode();
			if (status == 200) {
				return decompressed(new Capped(connection, this.maxFileSize));
			}
			drain(connection.getErrorStream());
			throw new ApiFailureException(classify(status));
		}
		catch (IOException ex) {
			if (connection != null) {
				connection.disconnect();
			}
			throw new ApiFailureException(new Transient("file host: " + SafetyKitClient.describe(ex), null));
		}
	}

	private static ApiFailure classify(int status) {
		if (status == 403) {
			return new Rejected(403);
		}
		if (status == 404) {
			return new NotFound();
		}
		if (status == 408 || status == 429 || status >= 500) {
			return new Transient("file host: HTTP " + status, null);
		}
		return new Malformed("file host answered HTTP " + status);
	}

	private static Download decompressed(Capped raw) throws IOException {
		BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
		in.mark(2);
		int first = in.read();
		int second = in.read();
		in.reset();
		if (first == 0x1f && second == 0x8b) {
			// gzip's trailer tells a cut-off file from a whole one
			return new Download(new GZIPInputStream(in, BUFFER), true);
		}
		return new Download(in, raw.framed);
	}

	/** Reads a small error body so that the connection can be kept alive. */
	private static void drain(InputStream error) throws IOException {
		if (error != null) {
			try (error) {
				error.readNBytes(ERROR_BODY_DRAIN);
			}
		}
	}

	/**
	 * An opened file: its decompressed content, and whether its end is known to be the file's:
	 * false for a plain body with neither a Content-Length nor chunked framing, which ends where
	 * the connection closes, whole or cut off.
	 */
	record Download(InputStream content, boolean endChecked) {
	}

	/**
	 * The body, failing once it is larger than the cap, or when it ends before its Content-Length
	 * ({@code HttpURLConnection} would report a cut-off body as a normal end). Closed before its
	 * end (a failed load), it drops the connection rather than let the JDK read the rest of a large
	 * file to reuse it.
	 */
	private static final class Capped extends FilterInputStream {

		private final HttpURLConnection connection;

		private final long cap;

		private final long length;

		/** A Content-Length or chunks frame the body, so that a cut-off one fails. */
		private final boolean framed;

		private long read;

		private boolean ended;

		Capped(HttpURLConnection connection, long cap) throws IOException {
			super(connection.getInputStream());
			this.connection = connection;
			this.cap = cap;
			this.length = connection.getContentLengthLong();
			this.framed = (this.length >= 0)
					|| "chunked".equalsIgnoreCase(connection.getHeaderField("Transfer-Encoding"));
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			count((b < 0) ? -1 : 1);
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(n);
			return n;
		}

		private void count(int n) throws IOException {
			if (n < 0) {
				if (this.length >= 0 && this.read < this.length) {
					throw new EOFException("the file ended before its Content-Length");
				}
				this.ended = true;
				return;
			}
			this.read += n;
			if (this.read > this.cap) {
				throw new FileTooLargeException(this.cap);
			}
		}

		@Override
		public void close() throws IOException {
			try {
				super.close();
			}
			finally {
				if (!this.ended) {
					this.connection.disconnect();
				}
			}
		}

	}

	/** The file is larger than {@code reconciler.result-files.max-file-size}. */
	static final class FileTooLargeException extends IOException {

		FileTooLargeException(long cap) {
			super("result file larger than reconciler.result-files.max-file-size (" + cap + " bytes)");
		}

	}

}
