package io.safetykit.reconciler.ops;

import java.util.List;

import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.exit.UsageException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code migrate}: brings the schema up to date and does nothing else. Flyway has already migrated
 * by the time a command runs; this command exists so that the owner role can migrate (an init
 * container, a deploy step) while the job itself runs as a role that may not change the schema.
 */
@Component
public class MigrateCommand implements Command {

	public static final String USAGE = "migrate  (as the schema owner, with Flyway enabled)";

	private static final Logger logger = LoggerFactory.getLogger(MigrateCommand.class);

	private final ObjectProvider<Flyway> flyway;

	MigrateCommand(ObjectProvider<Flyway> flyway) {
		this.flyway = flyway;
	}

	@Override
	public String name() {
		return "migrate";
	}

	@Override
	public String usage() {
		return USAGE;
	}

	@Override
	public int run(List<String> arguments) {
		checkArguments(arguments);
		Flyway flyway = this.flyway.getIfAvailable();
		if (flyway == null) {
			throw new UsageException("migrate needs Flyway: unset SPRING_FLYWAY_ENABLED (or set it to true)");
		}
		MigrationInfo current = flyway.info().current();
		logger.info("Schema is up to date at version {}", (current != null) ? current.getVersion() : "none");
		return ExitCodes.COMPLETED;
	}

	/** migrate takes no arguments; any is a {@link UsageException}. */
	public static void checkArguments(List<String> arguments) {
		if (!arguments.isEmpty()) {
			throw new UsageException("migrate takes no arguments");
		}
	}

}
