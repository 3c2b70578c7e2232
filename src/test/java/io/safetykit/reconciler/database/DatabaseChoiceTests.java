package io.safetykit.reconciler.database;

import java.nio.file.Path;

import io.safetykit.reconciler.database.DatabaseChoice.Embedded;
import io.safetykit.reconciler.database.DatabaseChoice.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseChoiceTests {

	private static final Embedded NEVER = new Embedded(Path.of("/nonexistent/never-started"), false);

	@Test
	void aNamedDatabaseComesFirstAndItsQueryIsNotLogged(CapturedOutput output) {
		DatabaseChoice choice = DatabaseChoice.choose(
				new Named("TEST_DATABASE_URL", "jdbc:postgresql://db:5432/x?password=secret", "u", "p"),
				() -> fail("no container when a URL is set"), "Docker engine", NEVER);
		assertThat(choice).isEqualTo(new DatabaseChoice("jdbc:postgresql://db:5432/x?password=secret", "u", "p", null));
		assertThat(output).contains("Database: jdbc:postgresql://db:5432/x (TEST_DATABASE_URL is set)")
			.doesNotContain("secret");
	}

	@Test
	void aContainerComesBeforeTheEmbeddedServer(CapturedOutput output) {
		DatabaseChoice container = new DatabaseChoice("jdbc:postgresql://localhost:32768/test", "test", "test", null);
		DatabaseChoice choice = DatabaseChoice.choose(new Named("TEST_DATABASE_URL", null, null, null), () -> container,
				"Docker engine", NEVER);
		assertThat(choice).isSameAs(container);
		assertThat(output).contains("Database: jdbc:postgresql://localhost:32768/test in a container "
				+ "(TEST_DATABASE_URL is not set; a Docker engine answers)");
	}

	@Test
	void withoutAUrlAndWithoutTheEmbeddedServerThereIsNoChoice() {
		assertThat(DatabaseChoice.choose(new Named("SPRING_DATASOURCE_URL", " ", null, null), null, null, null)).isNull();
	}

}
