package io.safetykit.reconciler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.run.RunParametersParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Help, version and argument checks come before anything touches a database. */
@ExtendWith(OutputCaptureExtension.class)
class UsageTests {

	/** Nothing listens here: a command that tried this database would fail with exit code 1. */
	private static final String NO_DATABASE = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere";

	@ParameterizedTest
	@ValueSource(strings = { "--help", "-h", "help" })
	void helpListsEveryCommandAndJobParameterWithoutADatabase(String argument, CapturedOutput output) {
		assertThat(ReconcilerApplication.run(argument, NO_DATABASE)).isEqualTo(ExitCodes.COMPLETED);
		assertThat(output.getOut()).contains("Usage: java -jar safetykit-reconciler.jar", "README.md");
		for (String command : List.of("run", "restart", "enqueue", "report", "migrate", "demo")) {
			assertThat(output.getOut()).containsPattern("(?m)^  " + command + " ");
		}
		for (String key : knownJobParameters()) {
			assertThat(output.getOut()).containsPattern("(?m)^  " + key + "=");
		}
		assertThat(output).doesNotContain("Database");
	}

	@ParameterizedTest
	@ValueSource(strings = { "report --help", "report -h", "help report" })
	void commandHelpShowsItsOptions(String arguments, CapturedOutput output) {
		assertThat(ReconcilerApplication.run(arguments.split(" "))).isEqualTo(ExitCodes.COMPLETED);
		assertThat(output.getOut()).contains("Usage: java -jar safetykit-reconciler.jar report <label_daily|",
				"--format csv|jsonl").doesNotContain("Job parameters");
	}

	@Test
	void runHelpShowsTheJobParameters(CapturedOutput output) {
		assertThat(ReconcilerApplication.run("run", "--help")).isEqualTo(ExitCodes.COMPLETED);
		assertThat(output.getOut()).contains("Job parameters", "refreshLinksWithin=24h").doesNotContain("enqueue");
	}

	@Test
	void versionIsTheProjectVersion(CapturedOutput output) {
		assertThat(ReconcilerApplication.run("--version")).isEqualTo(ExitCodes.COMPLETED);
		assertThat(output.getOut().strip()).matches("safetykit-reconciler \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
	}

	@ParameterizedTest
	@ValueSource(strings = { "nameSpace=listings", "run limit=ten", "restart last", "report no_such_view",
			"report label_daily --from 2026-13-01", "migrate now", "enqueue /nonexistent.csv", "reconsile" })
	void aBadCommandOrArgumentIsRefusedBeforeTheDatabaseIsTried(String arguments, CapturedOutput output) {
		List<String> args = new ArrayList<>(Arrays.asList(arguments.split(" ")));
		args.add(NO_DATABASE);
		assertThat(ReconcilerApplication.run(args.toArray(String[]::new))).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(output).doesNotContain("Cannot connect").doesNotContain("Database:");
	}

	/** The keys the parser accepts, as it lists them when refusing one it does not know. */
	private static List<String> knownJobParameters() {
		UsageException refused = catchThrowableOfType(UsageException.class,
				() -> RunParametersParser.parseArguments(List.of("noSuchParameter=1")));
		return Arrays.asList(refused.getMessage().replaceFirst(".*known: ", "").split(", "));
	}

}
