package io.safetykit.reconciler.resultfile;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.safetykit.reconciler.resultfile.FileHostClient.Download;
import io.safetykit.reconciler.resultfile.ResultFileProperties.MalformedLines;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.MalformedResponseException;
import io.safetykit.reconciler.safetykit.RetryBudget;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.RetryingCaller.Result;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponseParser;
import io.safetykit.reconciler.store.ChunkWriter.WrittenRows;
import io.safetykit.reconciler.store.ResultFileStore;
import io.safetykit.reconciler.store.ResultFileStore.FileToLoad;
import io.safetykit.reconciler.store.ResultFileStore.StagedLine;

import org.springframework.dao.DuplicateKeyException;

/**
 * Loads one result file into its request's items and labels, inside the caller's transaction:
 * renews an expired link through the download-url operation, streams the file line by line into
 * staging, and swaps it in only when the whole file has been read.
 */
final class ResultFileLoader {

	/** A link expiring sooner than this is renewed before it is used. */
	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	private final LinkRenewer renewer;

	private final FileHostClient fileHost;

	private final StatusResponseParser parser;

	private final ResultFileStore store;

	private final ResultFileProperties properties;

	ResultFileLoader(LinkRenewer renewer, FileHostClient fileHost, StatusResponseParser parser, ResultFileStore store,
			ResultFileProperties properties) {
		this.renewer = renewer;
		this.fileHost = fileHost;
		this.parser = parser;
		this.store = store;
		this.properties = properties;
	}

	void load(FileToLoad file, RetryingCaller caller, RunCounters counters, long executionId)
			throws InterruptedException {
		String link = file.dataUrl();
		if (file.dataExpiresAt() != null && file.dataExpiresAt().isBefore(OffsetDateTime.now().plus(RENEW_BEFORE))) {
			Optional<String> fresh = this.renewer.renew(file, caller, executionId, "expired");
			if (fresh.isEmpty()) {
				return;
			}
			link = fresh.get();
		}
		// one budget for every open and every read of this file, however they fail
		RetryBudget budget = caller.newBudget();
		Loaded loaded;
		try {
			loaded = loadFrom(file, link, caller, budget, executionId);
			if (loaded == null) {
				// the file host refused the link: it expired early or was revoked; one fresh link, one more try
				Optional<String> fresh = this.renewer.renew(file, caller, executionId, "refused by the file host");
				if (fresh.isEmpty()) {
					return;
				}
				loaded = loadFrom(file, fresh.get(), caller, budget, executionId);
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
		WrittenRows rows = loaded.rows();
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
		RunCounters counts = new RunCounters();
		counts.filesLoaded.increment();
		counts.fileLines.add(loaded.lines());
		counts.items.add(rows.items());
		counts.labels.add(rows.labels());
		counters.addWhenCommitted(counts);
	}

	/**
	 * Writes the file's rows in place of the request's: straight into the final tables, or, when
	 * the file repeats an item id, again through staging tables that keep each id's last line.
	 * Null when the file host refuses the link.
	 */
	private Loaded loadFrom(FileToLoad file, String link, RetryingCaller caller, RetryBudget budget,
			long executionId) throws InterruptedException, LoadFailure {
		try {
			return loadWithRetries(file, link, caller, budget, new DirectTarget(file, executionId));
		}
		catch (DuplicateKeyException ex) {
			this.store.abortDirect();
			return loadWithRetries(file, link, caller, budget, new StagedTarget(file, executionId));
		}
	}

	/**
	 * Streams the file into a target, retrying transient failures: a failed open and a download
	 * that breaks off halfway spend the same attempts and the same total wait.
	 */
	private Loaded loadWithRetries(FileToLoad file, String link, RetryingCaller caller, RetryBudget budget,
			Target target) throws InterruptedException, LoadFailure {
		while (true) {
			Result<Download> opened = caller.call("file", () -> this.fileHost.open(link), budget);
			if (opened.failure() instanceof Rejected) {
				return null;
			}
			if (!opened.succeeded()) {
				throw new LoadFailure(opened.failure().describe(), !(opened.failure() instanceof Transient));
			}
			target.begin();
			try (InputStream in = opened.value().content()) {
				return stage(in, opened.value().endChecked(), file, target);
			}
			catch (FileHostClient.FileTooLargeException ex) {
				target.abort();
				throw new LoadFailure(ex.getMessage(), true);
			}
			catch (LoadFailure ex) {
				target.abort();
				throw ex;
			}
			catch (IOException ex) {
				target.abort();
				if (!budget.waitAfterFailure(null)) {
					throw new LoadFailure("file host: " + SafetyKitClient.describe(ex) + " while reading, after "
							+ budget.attempts(), false);
				}
			}
		}
	}

	/**
	 * Reads the file into the target. A last line that is cut off and does not parse, in a body
	 * whose end nothing checks, is taken for a download that broke off: an {@link EOFException},
	 * retried like one, rather than a malformed line that would refuse the file for good.
	 */
	private Loaded stage(InputStream in, boolean endChecked, FileToLoad file, Target target)
			throws IOException, LoadFailure {
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
					batch.add(new StagedLine(line.number(),
							this.parser.parseItem(line.text(), file.namespace(), file.requestId())));
				}
				catch (MalformedResponseException ex) {
					if (!line.terminated() && !endChecked) {
						throw new EOFException("the file ended inside a line, with no Content-Length");
					}
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
				target.write(batch);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			target.write(batch);
		}
		return new Loaded(lines, skipped, firstProblem, target.finish());
	}

	private void fail(FileToLoad file, String reason, boolean permanent, long executionId) {
		this.store.recordError(file.namespace(), file.requestId(), reason, executionId);
		if (permanent) {
			this.store.markRefused(file.namespace(), file.requestId(), reason);
		}
	}

	private record Loaded(long lines, long skipped, String firstProblem, WrittenRows rows) {
	}

	/** Where a file's rows go while it is read. */
	private interface Target {

		void begin();

		void write(List<StagedLine> lines);

		/** Makes the rows the request's; returns how many there are. */
		WrittenRows finish();

		/** Forgets what was written since {@link #begin()}. */
		void abort();

	}

	/** The final tables, inside a savepoint. */
	private final class DirectTarget implements Target {

		private final FileToLoad file;

		private final long executionId;

		private boolean reload;

		private long items;

		private long labels;

		DirectTarget(FileToLoad file, long executionId) {
			this.file = file;
			this.executionId = executionId;
		}

		@Override
		public void begin() {
			this.items = 0;
			this.labels = 0;
			this.reload = ResultFileLoader.this.store.beginDirect(this.file.namespace(), this.file.requestId());
		}

		@Override
		public void write(List<StagedLine> lines) {
			WrittenRows rows = ResultFileLoader.this.store.writeDirect(this.file.namespace(), this.file.requestId(),
					this.executionId, lines, this.reload);
			this.items += rows.items();
			this.labels += rows.labels();
		}

		@Override
		public WrittenRows finish() {
			ResultFileLoader.this.store.finishDirect(this.file.namespace(), this.file.requestId(), this.reload,
					this.executionId);
			return new WrittenRows(this.items, this.labels);
		}

		@Override
		public void abort() {
			ResultFileLoader.this.store.abortDirect();
		}

	}

	/** Session-local staging tables, swapped in at the end with each item id's last line. */
	private final class StagedTarget implements Target {

		private final FileToLoad file;

		private final long executionId;

		StagedTarget(FileToLoad file, long executionId) {
			this.file = file;
			this.executionId = executionId;
		}

		@Override
		public void begin() {
			ResultFileLoader.this.store.beginStaging();
		}

		@Override
		public void write(List<StagedLine> lines) {
			ResultFileLoader.this.store.stage(lines);
		}

		@Override
		public WrittenRows finish() {
			return ResultFileLoader.this.store.swap(this.file.namespace(), this.file.requestId(), this.executionId);
		}

		@Override
		public void abort() {
			// the staging tables are emptied by the next begin, or at commit
		}

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
