package io.safetykit.reconciler.resultfile;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.reconcile.RunCounters;
import io.safetykit.reconciler.resultfile.ResultFileProperties.MalformedLines;
import io.safetykit.reconciler.safetykit.ApiFailure;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.ApiKeyRejectedException;
import io.safetykit.reconciler.safetykit.MalformedResponseException;
import io.safetykit.reconciler.safetykit.RetryPolicy;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.RetryingCaller.Result;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.safetykit.StatusResponseParser;
import io.safetykit.reconciler.store.ChunkWriter.WrittenRows;
import io.safetykit.reconciler.store.ResultFileStore;
import io.safetykit.reconciler.store.ResultFileStore.FileToLoad;
import io.safetykit.reconciler.store.ResultFileStore.StagedLine;

/**
 * Loads one result file into its request's items and labels, inside the caller's transaction:
 * renews an expired link through the download-url operation, streams the file line by line into
 * staging, and swaps it in only when the whole file has been read.
 */
final class ResultFileLoader {

	/** A link expiring sooner than this is renewed before it is used. */
	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	private final SafetyKitClient api;

	private final FileHostClient fileHost;

	private final StatusResponseParser parser;

	private final ResultFileStore store;

	private final ResultFileProperties properties;

	private final RetryPolicy retryPolicy;

	ResultFileLoader(SafetyKitClient api, FileHostClient fileHost, StatusResponseParser parser, ResultFileStore store,
			ResultFileProperties properties, RetryPolicy retryPolicy) {
		this.api = api;
		this.fileHost = fileHost;
		this.parser = parser;
		this.store = store;
		this.properties = properties;
		this.retryPolicy = retryPolicy;
	}

	void load(FileToLoad file, RetryingCaller caller, RunCounters counters, long executionId)
			throws InterruptedException {
		String link = file.dataUrl();
		if (file.dataExpiresAt() != null && file.dataExpiresAt().isBefore(OffsetDateTime.now().plus(RENEW_BEFORE))) {
			link = renew(file, caller, executionId, "expired");
			if (link == null) {
				return;
			}
		}
		Loaded loaded;
		try {
			loaded = stageWithRetries(file, link, caller);
			if (loaded == null) {
				// the file host refused the link: it expired early or was revoked; one fresh link, one more try
				link = renew(file, caller, executionId, "refused by the file host");
				if (link == null) {
					return;
				}
				loaded = stageWithRetries(file, link, caller);
				if (loaded == null) {
					fail(file, "file host refused a fresh link (HTTP 403)", false, executionId);
					return;
				}
			}
		}
		catch (LoadFailure failure) {
			fail(file, failure.getMessage(), failure.permanent, executionId);
			return;
		}
		WrittenRows rows = this.store.swap(file.namespace(), file.requestId());
		this.store.markLoaded(file.namespace(), file.requestId(), loaded.lines(), loaded.skipped());
		String detail = "result file loaded: " + loaded.lines() + " lines, " + rows.items() + " items, "
				+ rows.labels() + " labels" + ((loaded.skipped() > 0) ? ", " + loaded.skipped() + " skipped" : "");
		this.store.event(file.namespace(), file.requestId(), "file_loaded", detail, executionId);
		if (loaded.skipped() > 0) {
			this.store.recordError(file.namespace(), file.requestId(),
					"result file: " + loaded.skipped() + " malformed lines skipped (first: " + loaded.firstProblem() + ")",
					executionId);
		}
		if (file.dataCount() != null && file.dataCount() != loaded.lines()) {
			this.store.recordError(file.namespace(), file.requestId(), "result file has " + loaded.lines()
					+ " lines but data_count says " + file.dataCount(), executionId);
		}
		counters.filesLoaded.increment();
		counters.fileLines.add(loaded.lines());
		counters.items.add(rows.items());
		counters.labels.add(rows.labels());
	}

	/** Stages the file, retrying transient failures (also in mid-stream); null when the host refuses the link. */
	private Loaded stageWithRetries(FileToLoad file, String link, RetryingCaller caller)
			throws InterruptedException, LoadFailure {
		Duration waited = Duration.ZERO;
		for (int attempt = 1;; attempt++) {
			this.store.beginStaging();
			Result<InputStream> opened = caller.call(() -> this.fileHost.open(link));
			if (opened.failure() instanceof Rejected) {
				return null;
			}
			if (!opened.succeeded()) {
				throw new LoadFailure(describe(opened.failure()), !(opened.failure() instanceof Transient));
			}
			try (InputStream in = opened.value()) {
				return stage(in);
			}
			catch (FileHostClient.FileTooLargeException ex) {
				throw new LoadFailure(ex.getMessage(), true);
			}
			catch (IOException ex) {
				Duration wait = this.retryPolicy.delayAfter(attempt, null);
				if (!this.retryPolicy.allowsAnother(attempt, waited, wait)) {
					throw new LoadFailure("file host: " + SafetyKitClient.describe(ex) + " while reading, after "
							+ attempt + " attempts", false);
				}
				Thread.sleep(wait.toMillis());
				waited = waited.plus(wait);
			}
		}
	}

	private Loaded stage(InputStream in) throws IOException, LoadFailure {
		LineReader reader = new LineReader(in, (int) this.properties.maxLineLength().toBytes());
		List<StagedLine> batch = new ArrayList<>(this.properties.batchLines());
		long lines = 0;
		long skipped = 0;
		String firstProblem = null;
		LineReader.Line line;
		while ((line = reader.next()) != null) {
			if (line.isBlank()) {
				continue;
			}
			lines++;
			String problem = null;
			if (line.tooLong()) {
				problem = "line " + line.number() + ": longer than reconciler.result-files.max-line-length";
			}
			else {
				try {
					batch.add(new StagedLine(line.number(), this.parser.parseItem(line.text())));
				}
				catch (MalformedResponseException ex) {
					problem = "line " + line.number() + ": " + ex.getMessage();
				}
			}
			if (problem != null) {
				if (this.properties.malformedLines() == MalformedLines.FAIL) {
					throw new LoadFailure("result file " + problem + " (reconciler.result-files.malformed-lines=fail)",
							true);
				}
				skipped++;
				firstProblem = (firstProblem != null) ? firstProblem : problem;
			}
			if (batch.size() >= this.properties.batchLines()) {
				this.store.stage(batch);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			this.store.stage(batch);
		}
		return new Loaded(lines, skipped, firstProblem);
	}

	/** A fresh link from the download-url operation, stored with an event; null when there is none. */
	private String renew(FileToLoad file, RetryingCaller caller, long executionId, String why)
			throws InterruptedException {
		Result<ImportOutput> answer = caller.call(() -> this.api.getDownloadUrl(file.namespace(), file.requestId()));
		if (answer.failure() instanceof Rejected rejected) {
			throw new ApiKeyRejectedException(rejected.httpStatus());
		}
		if (!answer.succeeded() || answer.value().dataUrl() == null) {
			String reason = answer.succeeded() ? "download-url answered without a link" : describe(answer.failure());
			fail(file, "could not renew the result file link: " + reason, false, executionId);
			return null;
		}
		ImportOutput fresh = answer.value();
		this.store.updateLink(file.namespace(), file.requestId(), fresh.dataUrl(), fresh.dataCount(),
				fresh.dataExpiresAt());
		this.store.event(file.namespace(), file.requestId(), "link_refreshed", "link " + why + "; renewed", executionId);
		return fresh.dataUrl();
	}

	private void fail(FileToLoad file, String reason, boolean permanent, long executionId) {
		this.store.recordError(file.namespace(), file.requestId(), reason, executionId);
		if (permanent) {
			this.store.markRefused(file.namespace(), file.requestId(), reason);
		}
	}

	private static String describe(ApiFailure failure) {
		return failure.describe();
	}

	private record Loaded(long lines, long skipped, String firstProblem) {
	}

	/** The file cannot be loaded now ({@code permanent}: not as it is, ever). */
	private static final class LoadFailure extends Exception {

		private final boolean permanent;

		LoadFailure(String message, boolean permanent) {
			super(message, null, false, false);
			this.permanent = permanent;
		}

	}

}
