package io.safetykit.reconciler.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.ops.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * {@code report <view> [--namespace N] [--from D] [--to D] [--format csv|jsonl] [--out FILE]}:
 * streams a reporting view. Without {@code --out} the rows are all that goes to standard output.
 */
@Component
class ReportCommand implements Command {

	private static final Logger logger = LoggerFactory.getLogger(ReportCommand.class);

	private final ReportQuery query;

	ReportCommand(ReportQuery query) {
		this.query = query;
	}

	@Override
	public String name() {
		return "report";
	}

	@Override
	public String usage() {
		return "report <" + ReportView.names().replace(", ", "|")
				+ "> [--namespace N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|jsonl] [--out FILE]";
	}

	@Override
	public int run(List<String> arguments) throws IOException {
		ReportOptions options = ReportOptions.parse(arguments);
		long started = System.nanoTime();
		long rows = (options.out() != null) ? toFile(options) : toStandardOutput(options);
		String seconds = String.format("%.1f", (System.nanoTime() - started) / 1e9);
		// the rows may hold links that are credentials (import_expiring): log counts, never values
		if (options.out() != null) {
			logger.info("Wrote {} rows of {} to {} in {}s", rows, options.view().viewName(), options.out(), seconds);
		}
		else {
			logger.debug("Wrote {} rows of {} in {}s", rows, options.view().viewName(), seconds);
		}
		return ExitCodes.COMPLETED;
	}

	private long toStandardOutput(ReportOptions options) throws IOException {
		// System.out is not closed: logging may still use it
		Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
		long rows = this.query.stream(options, options.format().open(out));
		out.flush();
		return rows;
	}

	/** Writes beside the file and moves it into place, so that a failed report leaves no half a file. */
	private long toFile(ReportOptions options) throws IOException {
		Path target = options.out().toAbsolutePath();
		if (!Files.isDirectory(target.getParent())) {
			throw new UsageException("--out: directory " + target.getParent() + " does not exist");
		}
		Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
		try {
			long rows;
			try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
				rows = this.query.stream(options, options.format().open(out));
			}
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return rows;
		}
		finally {
			Files.deleteIfExists(partial);
		}
	}

}
