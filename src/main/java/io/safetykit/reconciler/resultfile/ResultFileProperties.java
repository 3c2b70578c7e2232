package io.safetykit.reconciler.resultfile;

import io.safetykit.reconciler.exit.UsageException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Loading Import result files into {@code item}/{@code item_label}, prefix
 * {@code reconciler.result-files.}.
 *
 * @param enabled load result files at all (off: only the link is kept)
 * @param maxLineLength a longer line is a malformed line
 * @param maxFileSize a larger file is refused
 * @param malformedLines what a malformed line does: {@code fail} the request's load, or {@code skip} the line
 * @param batchLines lines parsed between two writes to the staging tables
 */
@ConfigurationProperties("reconciler.result-files")
public record ResultFileProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1MB") DataSize maxLineLength,
		@DefaultValue("20GB") DataSize maxFileSize, @DefaultValue("fail") MalformedLines malformedLines,
		@DefaultValue("5000") int batchLines) {

	public ResultFileProperties {
		if (maxLineLength.toBytes() < 1024 || maxLineLength.toBytes() > 256 * 1024 * 1024) {
			throw new UsageException("reconciler.result-files.max-line-length must be between 1KB and 256MB, was "
					+ maxLineLength);
		}
		if (maxFileSize.toBytes() < 1) {
			throw new UsageException("reconciler.result-files.max-file-size must be positive, was " + maxFileSize);
		}
		if (batchLines < 1 || batchLines > 1_000_000) {
			throw new UsageException("reconciler.result-files.batch-lines must be between 1 and 1000000, was "
					+ batchLines);
		}
	}

	/** What to do with a line that is not a result object. */
	public enum MalformedLines {

		/** The request's load fails; nothing of the file is written. */
		FAIL,

		/** The line is left out and counted; the rest is loaded. */
		SKIP

	}

}
