package io.safetykit.reconciler;

import java.util.Optional;

import io.safetykit.reconciler.ops.CommandDatabase;
import io.safetykit.reconciler.ops.CommandLine;
import io.safetykit.reconciler.ops.ConsoleLogging;
import io.safetykit.reconciler.ops.PushFailureLogging;
import io.safetykit.reconciler.ops.ShortRunCompilation;
import io.safetykit.reconciler.ops.StartupFailures;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationListener;

/** Entry point: {@code java -jar safetykit-reconciler.jar [command] [arguments]}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReconcilerApplication {

	public static void main(String[] args) {
		if (CommandLine.parse(args).runsTheJob()) {
			ShortRunCompilation.apply();
		}
		useACommonPoolForAsyncCompletions();
		keepEnoughConnectionsAlive();
		System.exit(run(args));
	}

	/**
	 * HttpURLConnection keeps 5 idle connections per host by default; with more calls in flight the
	 * rest would be closed after every call and opened again. A value given with -D is left alone.
	 */
	private static void keepEnoughConnectionsAlive() {
		if (System.getProperty("http.maxConnections") == null) {
			System.setProperty("http.maxConnections", "1024");
		}
	}

	/**
	 * With fewer than three cores the JDK's common pool has one thread, and CompletableFuture then
	 * starts a new thread for every async completion: java.net.http, which downloads result files,
	 * does one per HTTP call. Two threads in the pool keep them on pooled threads. A value given with
	 * -D is left alone.
	 */
	private static void useACommonPoolForAsyncCompletions() {
		String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
		if (System.getProperty(parallelism) == null) {
			System.setProperty(parallelism, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
		}
	}

	/** Runs one command and returns the process exit code (0 completed, 1 failed, 2 bad input). */
	public static int run(String... args) {
		CommandLine commandLine = CommandLine.parse(args);
		Optional<Integer> answered = Usage.answer(commandLine, System.out);
		if (answered.isPresent()) {
			return answered.get();
		}
		SpringApplication application = new SpringApplication(ReconcilerApplication.class);
		if (commandLine.explicit() && commandLine.command().equals("demo")) {
			application.setAdditionalProfiles("demo");
		}
		// command arguments are ours, not Spring's; Spring sees only --spring.x=y style settings
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("commandLine", commandLine));
		try (CommandDatabase database = new CommandDatabase()) {
			// logging is set up by now, and nothing has touched a database yet
			application.addListeners(new ApplicationListener<ApplicationEnvironmentPreparedEvent>() {
				@Override
				public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
					ConsoleLogging.toStandardError();
					PushFailureLogging.install();
					ShortRunCompilation.logIfApplied();
					Usage.check(commandLine);
					database.choose(event.getEnvironment());
				}
			});
			return SpringApplication.exit(application.run(commandLine.settings().toArray(String[]::new)));
		}
		catch (Throwable failure) {
			return StartupFailures.report(failure);
		}
	}

}
