package io.safetykit.reconciler.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.safetykit.reconciler.database.DatabaseChoice;
import io.safetykit.reconciler.database.DatabaseChoice.Embedded;
import io.safetykit.reconciler.database.DatabaseChoice.Named;
import io.safetykit.reconciler.database.EmbeddedDatabase;
import io.safetykit.reconciler.exit.UsageException;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The database of a command: {@code spring.datasource.url} when set; otherwise, when
 * {@code reconciler.embedded-database.enabled} (the demo profile sets it), the embedded server on a
 * data directory that outlives the process, stopped when the command ends.
 */
public final class CommandDatabase implements AutoCloseable {

	static final String ENABLED = "reconciler.embedded-database.enabled";

	static final String DATA_DIRECTORY = "reconciler.embedded-database.data-directory";

	private EmbeddedDatabase embedded;

	/** Chooses (and starts, when embedded) the database before anything else of the context exists. */
	public void choose(ConfigurableEnvironment environment) {
		Named named = new Named("SPRING_DATASOURCE_URL", environment.getProperty("spring.datasource.url"),
				environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password"));
		Embedded embedded = embeddedEnabled(environment)
				? new Embedded(dataDirectory(environment), true) : null;
		DatabaseChoice choice = DatabaseChoice.choose(named, null, null, embedded);
		if (choice != null && choice.embedded() != null) {
			this.embedded = choice.embedded();
			environment.getPropertySources()
				.addFirst(new MapPropertySource("embeddedDatabase", Map.of("spring.datasource.url", choice.url(),
						"spring.datasource.username", choice.username(), "spring.datasource.password", choice.password())));
		}
	}

	private static boolean embeddedEnabled(ConfigurableEnvironment environment) {
		try {
			return environment.getProperty(ENABLED, Boolean.class, false);
		}
		catch (ConversionException ex) {
			throw new UsageException("Invalid setting " + ENABLED + ": not true or false (env "
					+ StartupFailures.toEnvName(ENABLED) + ")");
		}
	}

	private static Path dataDirectory(ConfigurableEnvironment environment) {
		String configured = environment.getProperty(DATA_DIRECTORY);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath();
		}
		// a user without a home (the container image's uid 10001 has none) keeps it in the temporary directory
		String home = System.getProperty("user.home");
		Path base = (home != null && !home.equals("?") && Files.isWritable(Path.of(home)))
				? Path.of(home, ".local", "share") : Path.of(System.getProperty("java.io.tmpdir"));
		return base.resolve("safetykit-reconciler").resolve("postgres");
	}

	/** Stops the embedded server, if one was started; its data stays. */
	@Override
	public void close() {
		if (this.embedded != null) {
			this.embedded.close();
			this.embedded = null;
		}
	}

}
