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
 * {@code report <view> [--namespace N] [--from D] [--to D] [--as-of INSTANT] [--format csv|jsonl]
 * [--out FILE]}: streams a reporting view. Without {@code --out} the rows are all that goes to standard output.
 * {@code report html [--namespace N] [--from D] [--to D] [--out FILE]} writes the page of charts.
 */
@Component
public class ReportCommand implements Command {

	public static final String USAGE = "report <" + ReportView.names().replace(", ", "|")
			+ "> [--namespace N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--as-of INSTANT] [--format csv|jsonl]"
			+ " [--out FILE] | report html [--namespace N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]";

	private static final Logger logger = LoggerFactory.getLogger(ReportCommand.class);

	private static final String HTML = "html";

	private final ReportQuery query;

	private final HtmlReport htmlReport;

	ReportCommand(ReportQuery query, HtmlReport htmlReport) {
		this.query = query;
		this.htmlReport = htmlReport;
	}

	@Override
	public String name() {
		return "report";
	}

	@Override
	public String usage() {
		return USAGE;
	}

	/** Checks the arguments without running anything; a bad one is a {@link UsageException}. */
	public static void checkArguments(List<String> arguments) {
		if (isHtml(arguments)) {
			HtmlReportOptions.parse(arguments.subList(1, arguments.size()));
		}
		else {
			ReportOptions.parse(arguments);
		}
	}

	@Override
	public int run(List<String> arguments) throws IOException {
		if (isHtml(arguments)) {
			return html(HtmlReportOptions.parse(arguments.subList(1, arguments.size())));
		}
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

	private static boolean isHtml(List<String> arguments) {
		return !arguments.isEmpty() && arguments.get(0).equals(HTML);
	}

	private int html(HtmlReportOptions options) throws IOException {
		long started = System.nanoTime();
		if (options.out() != null) {
			writeAtomically(options.out(), (out) -> {
				this.htmlReport.write(options, out);
				return 0L;
			});
			logger.info("Wrote the HTML report to {} ({} bytes) in {}s", options.out(), Files.size(options.out()),
					String.format("%.1f", (System.nanoTime() - started) / 1e9));
		}
		else {
			Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
			this.htmlReport.write(options, out);
			out.flush();
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

	private long toFile(ReportOptions options) throws IOException {
		return writeAtomically(options.out(), (out) -> this.query.stream(options, options.format().open(out)));
	}

	/** Writes beside the file and moves it into place, so that a failed report leaves no half a file. */
	private static long writeAtomically(Path file, Body body) throws IOException {
		Path target = file.toAbsolutePath();
		if (!Files.isDirectory(target.getParent())) {
			throw new UsageException("--out: directory " + target.getParent() + " does not exist");
		}
		Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
		try {
			long rows;
			try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
				rows = body.write(out);
			}
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return rows;
		}
		finally {
			Files.deleteIfExists(partial);
		}
	}

	/** What goes into a file; returns the number of rows written. */
	@FunctionalInterface
	private interface Body {

		long write(Writer out) throws IOException;

	}

}
