package io.safetykit.reconciler;

import io.safetykit.reconciler.ops.CommandLine;
import io.safetykit.reconciler.ops.StartupFailures;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: {@code java -jar safetykit-reconciler.jar [command] [arguments]}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReconcilerApplication {

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs one command and returns the process exit code (SPEC §5: 0 completed, 1 failed, 2 bad input). */
	public static int run(String... args) {
		CommandLine commandLine = CommandLine.parse(args);
		SpringApplication application = new SpringApplication(ReconcilerApplication.class);
		// command arguments are ours, not Spring's; Spring sees only --spring.x=y style settings
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("commandLine", commandLine));
		try {
			return SpringApplication.exit(application.run(commandLine.settings().toArray(String[]::new)));
		}
		catch (Throwable failure) {
			return StartupFailures.report(failure);
		}
	}

}
