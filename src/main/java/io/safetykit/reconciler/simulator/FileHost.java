package io.safetykit.reconciler.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpExchange;

/** The S3 stand-in behind {@code data_url}: checks the link's signature, then streams the result file. */
final class FileHost {

	private static final String PLAIN = ".jsonl";

	private static final String GZIP = ".jsonl.gz";

	private static final int BUFFER = 64 * 1024;

	private final LinkSigner signer;

	private final RequestBook book;

	private final SimulatorCounters counters;

	FileHost(LinkSigner signer, RequestBook book, SimulatorCounters counters) {
		this.signer = signer;
		this.book = book;
		this.counters = counters;
	}

	/** {@code segments} is the raw path split on '/': "", "files", namespace, "{id}.jsonl[.gz]". */
	void handle(HttpExchange exchange, String[] segments) throws IOException {
		// Counted before anything else: sending the API key to a third-party host is the leak, whatever it answers.
		if (exchange.getRequestHeaders().containsKey("Authorization")) {
			counters.authorizationHeadersSeenByFileHost.increment();
		}
		String fileName = segments.length == 4 ? segments[3] : "";
		boolean gzip = fileName.endsWith(GZIP);
		if (!gzip && !fileName.endsWith(PLAIN)) {
			Responses.notFound(exchange);
			return;
		}
		String namespace = PathSegments.decode(segments[2]);
		String requestId = PathSegments.decode(fileName.substring(0, fileName.length() - (gzip ? GZIP : PLAIN).length()));
		LinkQuery query = LinkQuery.parse(exchange.getRequestURI().getRawQuery());
		if (query == null || !signer.accepts(namespace, requestId, query.expires(), query.signature())) {
			Responses.send(exchange, 403, "application/xml", """
					<?xml version="1.0" encoding="UTF-8"?>
					<Error><Code>AccessDenied</Code><Message>Request has expired or the signature does not match</Message></Error>
					""");
			return;
		}
		counters.fileDownloads.increment();
		stream(exchange, book.scenario(new RequestKey(namespace, requestId)), gzip);
	}

	/** Generates each line as it is written, so a file of any size costs the same memory. */
	private static void stream(HttpExchange exchange, Scenario scenario, boolean gzip) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", gzip ? "application/gzip" : "application/x-ndjson");
		exchange.sendResponseHeaders(200, 0);
		Set<Integer> malformedLines = scenario.malformedFileLines();
		StringBuilder line = new StringBuilder(512);
		try (OutputStream out = open(exchange.getResponseBody(), gzip)) {
			for (int number = 1; number <= scenario.items(); number++) {
				line.setLength(0);
				if (malformedLines.contains(number)) {
					line.append("{not json");
				}
				else {
					ResultItems.append(line, number, scenario.labelsPerItem(), true, scenario.revises(number));
				}
				out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private static OutputStream open(OutputStream body, boolean gzip) throws IOException {
		if (!gzip) {
			return new BufferedOutputStream(body, BUFFER);
		}
		// Buffered on both sides: the deflater is slow with one small write per line.
		return new BufferedOutputStream(new GZIPOutputStream(new BufferedOutputStream(body, BUFFER), BUFFER), BUFFER);
	}

}
