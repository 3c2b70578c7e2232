package io.safetykit.reconciler.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.safetykit.reconciler.database.LostConnection;
import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.exit.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Runs the command named on the command line and keeps its exit code for the process. */
@Component
class CommandRunner implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger logger = LoggerFactory.getLogger(CommandRunner.class);

	private final CommandLine commandLine;

	private final Map<String, Command> commands;

	private final String defaultCommand;

	private volatile int exitCode = ExitCodes.FAILED;

	/** Without a command line (tests that build the context themselves) nothing is run. */
	CommandRunner(ObjectProvider<CommandLine> commandLine, List<Command> commands, Environment environment) {
		this.commandLine = commandLine.getIfAvailable();
		this.commands = commands.stream().collect(Collectors.toMap(Command::name, Function.identity()));
		this.defaultCommand = environment.matchesProfiles("demo") ? "demo" : CommandLine.DEFAULT_COMMAND;
	}

	@Override
	public void run(ApplicationArguments ignored) {
		if (this.commandLine == null) {
			return;
		}
		ConsoleLogging.toStandardError();
		String name = this.commandLine.explicit() ? this.commandLine.command() : this.defaultCommand;
		Command command = this.commands.get(name);
		if (command == null) {
			logger.error("Unknown command '{}'. Commands: {}", name, this.commands.keySet().stream().sorted().toList());
			this.exitCode = ExitCodes.BAD_INPUT;
			return;
		}
		try {
			this.exitCode = command.run(this.commandLine.arguments());
		}
		catch (UsageException ex) {
			logger.error("{} (usage: {})", ex.getMessage(), command.usage());
			this.exitCode = ExitCodes.BAD_INPUT;
		}
		catch (Exception ex) {
			Optional<String> lost = LostConnection.describe(ex);
			if (lost.isPresent()) {
				logger.error("{} failed: lost its database connection ({}); run it again once the database answers",
						command.name(), lost.get());
			}
			else {
				logger.error("{} failed: {}", command.name(), StartupFailures.oneLine(ex), ex);
			}
			this.exitCode = ExitCodes.FAILED;
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
