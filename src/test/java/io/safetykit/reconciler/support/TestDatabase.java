package io.safetykit.reconciler.support;

import java.nio.file.Path;
import java.util.UUID;

import io.safetykit.reconciler.database.DatabaseChoice;
import io.safetykit.reconciler.database.DatabaseChoice.Embedded;
import io.safetykit.reconciler.database.DatabaseChoice.Named;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL that integration tests use, chosen once per test JVM by the application's rule:
 * {@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USERNAME}/{@code _PASSWORD}) when set, as in
 * CI; otherwise a Testcontainers PostgreSQL when a Docker engine answers; otherwise the embedded
 * server on a data directory deleted when the JVM exits.
 */
public final class TestDatabase {

	private static DatabaseChoice choice;

	private TestDatabase() {
	}

	public static String url() {
		return choice().url();
	}

	public static String username() {
		return choice().username();
	}

	public static String password() {
		return choice().password();
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestDatabase::url);
		registry.add("spring.datasource.username", TestDatabase::username);
		registry.add("spring.datasource.password", TestDatabase::password);
	}

	private static synchronized DatabaseChoice choice() {
		if (choice == null) {
			Named named = new Named("TEST_DATABASE_URL", System.getenv("TEST_DATABASE_URL"),
					envOr("TEST_DATABASE_USERNAME", "postgres"), envOr("TEST_DATABASE_PASSWORD", ""));
			Path throwaway = Path.of(System.getProperty("java.io.tmpdir"), "safetykit-reconciler-test-pg-" + UUID.randomUUID());
			choice = DatabaseChoice.choose(named, TestDatabase::container, "Docker engine", new Embedded(throwaway, false));
		}
		return choice;
	}

	private static DatabaseChoice container() {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			return null;
		}
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
		container.start();
		return new DatabaseChoice(container.getJdbcUrl(), container.getUsername(), container.getPassword(), null);
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
