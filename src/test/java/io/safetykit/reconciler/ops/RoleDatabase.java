package io.safetykit.reconciler.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.safetykit.reconciler.support.TestDatabase;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the test server, owned by a fresh owner role, with a job, a writer and
 * a reader role beside it: names are random, so runs never meet. Dropped with its roles on close.
 */
final class RoleDatabase implements AutoCloseable {

	private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]*)(\\?.*)?");

	private static final String PASSWORD = "role-test-" + UUID.randomUUID();

	final String database;

	final String owner;

	final String job;

	final String writer;

	final String reader;

	private RoleDatabase(String suffix) {
		this.database = "reconciler_roles_" + suffix;
		this.owner = "safetykit_owner_" + suffix;
		this.job = "safetykit_job_" + suffix;
		this.writer = "safetykit_writer_" + suffix;
		this.reader = "safetykit_reader_" + suffix;
	}

	static RoleDatabase create() throws SQLException {
		RoleDatabase roles = new RoleDatabase(UUID.randomUUID().toString().replace("-", "").substring(0, 10));
		try (Connection admin = admin(); Statement statement = admin.createStatement()) {
			for (String role : List.of(roles.owner, roles.job, roles.writer, roles.reader)) {
				statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
			}
			statement.execute("CREATE DATABASE " + roles.database + " OWNER " + roles.owner);
		}
		return roles;
	}

	/**
	 * The test database's URL with this database's name, without a {@code user} or {@code password}
	 * parameter: pgjdbc lets those win over the role a connection asks for.
	 */
	String url() {
		Matcher url = parse();
		String port = (url.group(2) != null) ? ":" + url.group(2) : "";
		String query = (url.group(4) != null) ? url.group(4) : "";
		String kept = Arrays.stream(query.replaceFirst("^\\?", "").split("&"))
			.filter((parameter) -> !parameter.isEmpty() && !parameter.startsWith("user=")
					&& !parameter.startsWith("password="))
			.collect(Collectors.joining("&"));
		return "jdbc:postgresql://" + url.group(1) + port + "/" + this.database + (kept.isEmpty() ? "" : "?" + kept);
	}

	/** Spring settings that connect the application as this role. */
	List<String> settingsFor(String role) {
		return List.of("--spring.datasource.url=" + url(), "--spring.datasource.username=" + role,
				"--spring.datasource.password=" + PASSWORD);
	}

	Connection connectAs(String role) throws SQLException {
		return DriverManager.getConnection(url(), role, PASSWORD);
	}

	/** Applies {@code db/roles.sql} with psql as the owner, exactly as the operations guide says. */
	void applyGrants() throws IOException, InterruptedException {
		Matcher url = parse();
		List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-h", url.group(1), "-p",
				(url.group(2) != null) ? url.group(2) : "5432", "-U", this.owner, "-d", this.database));
		command.addAll(List.of("-v", "owner_role=" + this.owner, "-v", "job_role=" + this.job, "-v",
				"writer_role=" + this.writer, "-v", "reader_role=" + this.reader, "-f", "db/roles.sql"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("PGPASSWORD", PASSWORD);
		Process psql;
		try {
			psql = builder.start();
		}
		catch (IOException ex) {
			// a machine with only a JDK has no psql: the test is skipped there, and required in CI
			if (System.getenv("CI_TOOLS_REQUIRED") != null) {
				throw new IllegalStateException("This test applies db/roles.sql with psql: install the PostgreSQL client", ex);
			}
			Assumptions.abort("psql is not installed: db/roles.sql cannot be applied as the operations guide says");
			return;
		}
		String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!psql.waitFor(60, TimeUnit.SECONDS) || psql.exitValue() != 0) {
			throw new IllegalStateException("psql -f db/roles.sql failed: " + output);
		}
	}

	@Override
	public void close() throws SQLException {
		try (Connection admin = admin(); Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
			for (String role : List.of(this.owner, this.job, this.writer, this.reader)) {
				statement.execute("DROP ROLE IF EXISTS " + role);
			}
		}
	}

	private static Connection admin() throws SQLException {
		return DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
	}

	private static Matcher parse() {
		Matcher url = JDBC_URL.matcher(TestDatabase.url());
		if (!url.matches()) {
			throw new IllegalStateException("Cannot read host, port and database from " + TestDatabase.url());
		}
		return url;
	}

}
