package io.safetykit.reconciler.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL that integration tests use: {@code TEST_DATABASE_URL} (with
 * {@code TEST_DATABASE_USERNAME}/{@code _PASSWORD}) when set, as in CI; otherwise a Testcontainers
 * PostgreSQL where Docker runs; otherwise a clear failure saying how to provide one.
 */
public final class TestDatabase {

	private static final String URL = System.getenv("TEST_DATABASE_URL");

	private static PostgreSQLContainer container;

	private TestDatabase() {
	}

	public static synchronized String url() {
		if (URL != null && !URL.isBlank()) {
			return URL;
		}
		return container().getJdbcUrl();
	}

	public static String username() {
		if (URL != null && !URL.isBlank()) {
			return envOr("TEST_DATABASE_USERNAME", "postgres");
		}
		return container().getUsername();
	}

	public static String password() {
		if (URL != null && !URL.isBlank()) {
			return envOr("TEST_DATABASE_PASSWORD", "");
		}
		return container().getPassword();
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestDatabase::url);
		registry.add("spring.datasource.username", TestDatabase::username);
		registry.add("spring.datasource.password", TestDatabase::password);
	}

	private static synchronized PostgreSQLContainer container() {
		if (container == null) {
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				throw new IllegalStateException("No test database: set TEST_DATABASE_URL (e.g. "
						+ "jdbc:postgresql://127.0.0.1:5432/reconciler_test) or run Docker for Testcontainers");
			}
			container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
		}
		return container;
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
