package io.safetykit.reconciler;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

import io.safetykit.reconciler.demo.DemoCommand;
import io.safetykit.reconciler.enqueue.EnqueueCommand;
import io.safetykit.reconciler.ops.CommandLine;
import io.safetykit.reconciler.ops.MigrateCommand;
import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.reconcile.ReconcileCommand;
import io.safetykit.reconciler.reconcile.RestartCommand;
import io.safetykit.reconciler.run.RunParametersParser;
import io.safetykit.reconciler.report.ReportCommand;

/**
 * What can be asked of the process, known before anything starts: {@code --help}, {@code help},
 * {@code COMMAND --help} and {@code --version} are answered, and every command's arguments are
 * checked, without a database.
 */
final class Usage {

	private record Entry(String usage, String summary, Consumer<List<String>> check) {

		String name() {
			return this.usage.substring(0, this.usage.indexOf(' ') < 0 ? this.usage.length() : this.usage.indexOf(' '));
		}

		boolean takesJobParameters() {
			return name().equals("run") || name().equals("demo");
		}

	}

	private static final List<Entry> COMMANDS = List.of(
			new Entry(ReconcileCommand.USAGE, "One reconciliation run (the default command): poll the selected "
					+ "requests, then load new result files.", RunParametersParser::parseArguments),
			new Entry(RestartCommand.USAGE, "Continue a STOPPED or FAILED run with its own parameters (the last run "
					+ "without an id).", RestartCommand::executionId),
			new Entry(EnqueueCommand.USAGE, "Load requests into safetykit.request for a backfill; a bad line loads "
					+ "nothing.", EnqueueCommand::source),
			new Entry(ReportCommand.USAGE, "Stream a reporting view as CSV or JSON lines.",
					ReportCommand::checkArguments),
			new Entry(MigrateCommand.USAGE, "Apply the database migrations and exit.", MigrateCommand::checkArguments),
			new Entry(DemoCommand.USAGE, "Sample requests, a run against an in-process SafetyKit simulator, a "
					+ "report; on the embedded database unless SPRING_DATASOURCE_URL is set.",
					RunParametersParser::parseArguments));

	private static final String JOB_PARAMETERS = """
			Job parameters (run, demo), key=value:
			  namespace=N              only this namespace
			  requestIds=a,b,c         only these request ids
			  submittedFrom=D          only requests submitted from D (ISO date or date-time)
			  submittedTo=D            ... and before D (a date includes that whole UTC day)
			  includeTerminal=true     also re-fetch succeeded and failed requests (backfill)
			  ignoreBackoff=true       poll pending requests even if their next poll is not due
			  limit=N                  at most N requests
			  dryRun=true              fetch and report what would change; write nothing
			  partition=i/n            only slice i (0-based) of n
			  reloadFiles=true         load the result files of the selected imports again
			  refreshLinksWithin=24h   renew result-file links that expire within this window
			""";

	private static final String FOOTER = """
			Settings are environment variables (SAFETYKIT_API_KEY, SPRING_DATASOURCE_URL, RECONCILER_CHUNK_SIZE, ...)
			or --key=value arguments (--reconciler.chunk-size=500). Without SPRING_DATASOURCE_URL the demo runs on
			an embedded PostgreSQL kept in ~/.local/share/safetykit-reconciler/postgres.
			Exit codes: 0 completed, 1 failed or stopped (the next run continues), 2 bad configuration or parameters.
			Documentation: README.md and jobs/README.md in the project's repository.
			""";

	private Usage() {
	}

	/** Answers help and version requests: the exit code, or empty when the command line asks for neither. */
	static Optional<Integer> answer(CommandLine commandLine, PrintStream out) {
		List<String> words = commandLine.arguments();
		if (words.contains("--version")) {
			out.println("safetykit-reconciler " + version());
			return Optional.of(0);
		}
		boolean help = words.contains("--help") || words.contains("-h") || commandLine.command().equals("help");
		if (!help) {
			return Optional.empty();
		}
		String topic = commandLine.command().equals("help")
				? commandLine.arguments().stream().findFirst().orElse("")
				: (commandLine.explicit() ? commandLine.command() : "");
		Optional<Entry> entry = COMMANDS.stream().filter((e) -> e.name().equals(topic)).findFirst();
		if (entry.isPresent()) {
			out.print(commandHelp(entry.get()));
		}
		else {
			out.print(help());
		}
		return Optional.of(0);
	}

	/** Checks the command and its arguments; a bad one is a {@link UsageException} of one line. */
	static void check(CommandLine commandLine) {
		Entry entry = COMMANDS.stream()
			.filter((e) -> e.name().equals(commandLine.command()))
			.findFirst()
			.orElseThrow(() -> new UsageException("Unknown command '" + commandLine.command() + "'. Commands: "
					+ String.join(", ", COMMANDS.stream().map(Entry::name).sorted().toList())
					+ " (java -jar safetykit-reconciler.jar --help)"));
		entry.check().accept(commandLine.arguments());
	}

	static String help() {
		StringBuilder text = new StringBuilder();
		text.append("safetykit-reconciler ").append(version())
			.append(": reconciles SafetyKit Data API requests into PostgreSQL.\n\n")
			.append("Usage: java -jar safetykit-reconciler.jar [COMMAND] [ARGUMENTS] [--setting=value ...]\n")
			.append("       java -jar safetykit-reconciler.jar help [COMMAND] | COMMAND --help | --version\n\n")
			.append("Commands:\n");
		for (Entry entry : COMMANDS) {
			text.append("  ").append(entry.usage()).append("\n      ").append(entry.summary()).append('\n');
		}
		return text.append('\n').append(JOB_PARAMETERS).append('\n').append(FOOTER).toString();
	}

	private static String commandHelp(Entry entry) {
		String text = "Usage: java -jar safetykit-reconciler.jar " + entry.usage() + "\n\n" + entry.summary() + "\n\n";
		return text + (entry.takesJobParameters() ? JOB_PARAMETERS + "\n" : "") + FOOTER;
	}

	/** The project version, written into application.properties by the build. */
	static String version() {
		Properties properties = new Properties();
		try (InputStream in = Usage.class.getResourceAsStream("/application.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("application.properties is unreadable", ex);
		}
		return properties.getProperty("spring.application.version", "unknown");
	}

}
