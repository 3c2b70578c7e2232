package io.safetykit.reconciler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark of the README's "Benchmarks": runs the packaged job as a whole process against
 * the simulator and a fresh database, and compares it with what the API and PostgreSQL allow;
 * E and F time a backfill re-fetch and count what it adds to the decision history; G times a
 * one-day backfill beside ten million finished requests and alone ({@code all} leaves G out).
 * Started by {@code bench/run.sh}.
 */
public final class Benchmark {

	static final String USAGE = "usage: Benchmark --jar JAR [A|B|C|D|E|F|G|all ...] [--runs N] [--requests N]"
			+ " [--latency 50ms] [--concurrency C] [--items N] [--labels N] [--chunk-size N] [--no-bare-loop] [--profile] [--plain-java]"
			+ " [--no-cds] [--jvm-options '-XX:... -XX:...']";

	private static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);

	private final Path jar;

	private final String classpath;

	private final Path logs;

	private final Map<String, String> extraEnvironment;

	private final boolean bareLoop;

	private final boolean profile;

	private final List<String> jvmOptions;

	private Benchmark(Path jar, String classpath, Path logs, Map<String, String> extraEnvironment, boolean bareLoop,
			boolean profile, List<String> jvmOptions) {
		this.jar = jar;
		this.jvmOptions = jvmOptions;
		this.profile = profile;
		this.classpath = classpath;
		this.logs = logs;
		this.extraEnvironment = extraEnvironment;
		this.bareLoop = bareLoop;
	}

	public static void main(String[] args) throws Exception {
		List<String> names = new ArrayList<>();
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--no-bare-loop") || args[i].equals("--profile") || args[i].equals("--plain-java")
					|| args[i].equals("--no-cds")) {
				options.put(args[i], "true");
			}
			else if (args[i].startsWith("--")) {
				if (i + 1 >= args.length) {
					fail("missing value for " + args[i]);
				}
				options.put(args[i], args[++i]);
			}
			else {
				names.add(args[i]);
			}
		}
		if (names.isEmpty() || names.contains("all")) {
			names = List.of("A", "B", "C", "D", "E", "F");
		}
		String jar = options.remove("--jar");
		if (jar == null) {
			fail("--jar is required");
		}
		int runs = Integer.parseInt(options.getOrDefault("--runs", "3"));
		Map<String, String> environment = new LinkedHashMap<>();
		if (options.containsKey("--chunk-size")) {
			environment.put("RECONCILER_CHUNK_SIZE", options.get("--chunk-size"));
		}
		Path logs = Path.of("target", "bench");
		Files.createDirectories(logs);
		// a bounded heap and the image's options first; --jvm-options come after them and so override
		// them. --plain-java: the JVM's defaults, as the README's `java -jar` runs it
		boolean image = !options.containsKey("--plain-java");
		List<String> jvmOptions = new ArrayList<>();
		if (image) {
			jvmOptions.add("-Xmx256m");
			jvmOptions.addAll(ImageJvmOptions.read(Path.of("Dockerfile")));
		}
		if (options.containsKey("--jvm-options")) {
			jvmOptions.addAll(List.of(options.get("--jvm-options").trim().split("\\s+")));
		}
		ImageLayout.Launch launch = new ImageLayout.Launch(List.copyOf(jvmOptions), Path.of(jar));
		if (image && !options.containsKey("--no-cds")) {
			// the image also starts the jar extracted, with its class-data archive; --no-cds: the jar as built
			launch = ImageLayout.prepare(Path.of(jar), jvmOptions, logs.resolve("image"), logs);
		}
		System.out.println("== the job runs as: java " + String.join(" ", launch.jvmOptions()) + " -jar " + launch.jar());
		Benchmark benchmark = new Benchmark(launch.jar(), System.getProperty("java.class.path"), logs, environment,
				!options.containsKey("--no-bare-loop"), options.containsKey("--profile"), launch.jvmOptions());
		List<String> summaries = new ArrayList<>();
		for (String name : names) {
			BenchScenario scenario = override(BenchScenario.named(name), options);
			System.out.println("== " + scenario.describe() + ", " + runs + " run(s)");
			if (scenario.isBeside()) {
				summaries.add(new OneDayBackfill(benchmark, benchmark.classpath).runs(scenario, runs));
				continue;
			}
			if (scenario.isRefetch()) {
				summaries.add(benchmark.refetchRuns(scenario, runs));
				continue;
			}
			List<RunFigures> figures = new ArrayList<>();
			for (int run = 1; run <= runs; run++) {
				String loadBefore = loadAverage();
				RunFigures result = benchmark.run(scenario, run);
				figures.add(result);
				System.out.println(scenario.name() + " run " + run + "/" + runs + ": " + result.line() + " load_avg="
						+ loadBefore + ".." + loadAverage());
			}
			String summary = summary(scenario, figures);
			System.out.println(summary);
			summaries.add(summary);
		}
		System.out.println("== medians of " + runs + " run(s) per scenario");
		summaries.forEach(System.out::println);
	}

	private static BenchScenario override(BenchScenario scenario, Map<String, String> options) {
		for (Map.Entry<String, String> option : options.entrySet()) {
			String value = option.getValue();
			scenario = switch (option.getKey()) {
				case "--requests" -> scenario.withRequests(Integer.parseInt(value));
				case "--items" -> scenario.withItems(Integer.parseInt(value));
				case "--labels" -> scenario.withLabels(Integer.parseInt(value));
				case "--concurrency" -> scenario.withConcurrency(Integer.parseInt(value));
				case "--latency" -> scenario.withLatency(Duration.ofMillis(Long.parseLong(value.replace("ms", ""))));
				case "--runs", "--chunk-size", "--no-bare-loop", "--profile", "--plain-java", "--no-cds", "--jvm-options" -> scenario;
				default -> {
					fail("unknown option " + option.getKey());
					yield scenario;
				}
			};
		}
		return scenario;
	}

	/** One run: fresh database, simulator, empty run, seed, measured run, check, bare loop, raw COPY. */
	private RunFigures run(BenchScenario scenario, int run) throws Exception {
		BenchDatabase database = new BenchDatabase(scenario.database());
		database.recreate();
		List<String> ids = BenchDatabase.requestIds(scenario.requests());
		try (SimulatorProcess simulator = SimulatorProcess.start(scenario, this.classpath)) {
			// Warm the simulator's JIT so that neither the job nor the bare loop pays for it.
			simulator.warmUp(scenario.concurrency());
			// The first run migrates the fresh database. Runs with nothing to do, one before and one after the
			// measured run, are the baseline: their mean evens out a machine whose load drifts during the run.
			job(scenario, simulator, database, run, "migrate");
			ChildProcess.Finished emptyBefore = job(scenario, simulator, database, run, "empty-before");
			database.seed(scenario.requests());
			database.checkpoint();
			Duration simulatorCpuBefore = simulator.cpu();
			ChildProcess.Finished measured = job(scenario, simulator, database, run, "job");
			Duration simulatorCpu = simulator.cpu().minus(simulatorCpuBefore);
			JobSummary summary = JobSummary.of(measured, scenario.requests(), "the job");
			database.verify(scenario);
			ChildProcess.Finished emptyAfter = job(scenario, simulator, database, run, "empty-after");
			Duration empty = emptyBefore.wall().plus(emptyAfter.wall()).dividedBy(2);
			Duration emptyCpu = emptyBefore.cpu().plus(emptyAfter.cpu()).dividedBy(2);
			Duration emptyCompilerCpu = emptyBefore.compilerCpu().plus(emptyAfter.compilerCpu()).dividedBy(2);
			if (measured.wall().compareTo(empty) <= 0) {
				throw new IllegalStateException("the measured run (" + measured.wall() + ") was not longer than a run "
						+ "with nothing to do (" + empty + "): too few requests for this machine's noise");
			}
			Map<BareHttpLoop.Client, Duration> bare = bareLoops(scenario, simulator, ids);
			database.checkpoint();
			RawCopy.Timed copy = scenario.isImport()
					? RawCopy.runImport(database, simulator.baseUri(), ids.get(0), scenario.items())
					: RawCopy.run(database, simulator.baseUri(), ids);
			return new RunFigures(scenario, measured.wall(), empty, summary, measured.peakRssBytes(),
					measured.cpu(), emptyCpu, measured.compilerCpu(), emptyCompilerCpu, simulatorCpu, copy, bare);
		}
	}

	/**
	 * The same calls without the job. C, where the client's own cost shows, is measured with each
	 * client and compared with the fastest; A, bound by the API's latency, with the raw socket only.
	 */
	private Map<BareHttpLoop.Client, Duration> bareLoops(BenchScenario scenario, SimulatorProcess simulator,
			List<String> ids) throws Exception {
		Map<BareHttpLoop.Client, Duration> durations = new EnumMap<>(BareHttpLoop.Client.class);
		if (!this.bareLoop || scenario.isImport()) {
			return durations;
		}
		List<BareHttpLoop.Client> clients = scenario.name().equals("C") ? List.of(BareHttpLoop.Client.values())
				: List.of(BareHttpLoop.Client.RAW_SOCKET);
		for (BareHttpLoop.Client client : clients) {
			durations.put(client, BareHttpLoop.run(client, simulator.baseUri(), ids, scenario.concurrency()));
		}
		return durations;
	}

	private String refetchRuns(BenchScenario scenario, int runs) throws Exception {
		List<RefetchFigures> figures = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			String loadBefore = loadAverage();
			RefetchFigures result = refetch(scenario, run);
			figures.add(result);
			System.out.println(scenario.name() + " run " + run + "/" + runs + ": " + result.line() + " load_avg="
					+ loadBefore + ".." + loadAverage());
		}
		double[] seconds = figures.stream().mapToDouble(RefetchFigures::netSeconds).sorted().toArray();
		double[] history = figures.stream().mapToDouble(RefetchFigures::historyRows).sorted().toArray();
		double[] rates = figures.stream().mapToDouble(RefetchFigures::rowsPerSecond).sorted().toArray();
		String summary = String.format(Locale.ROOT, "%s: re-fetch net=%.2fs items+labels/s=%.0f history_rows_added=%.0f"
				+ " peak_rss_mb=%.0f", scenario.name(), median(seconds), median(rates), median(history),
				figures.stream().mapToDouble(RefetchFigures::peakRssMb).max().orElse(0));
		System.out.println(summary);
		return summary;
	}

	/**
	 * One run of a re-fetch scenario: fresh database, a first run that completes every request (not
	 * measured), then, against a simulator that answers the scenario's revisions, runs with nothing
	 * to do around the measured backfill ({@code includeTerminal=true}).
	 */
	private RefetchFigures refetch(BenchScenario scenario, int run) throws Exception {
		BenchDatabase database = new BenchDatabase(scenario.database());
		database.recreate();
		try (SimulatorProcess simulator = SimulatorProcess.start(scenario, this.classpath)) {
			job(scenario, simulator, database, run, "migrate");
			database.seed(scenario.requests());
			job(scenario, simulator, database, run, "first");
			database.verify(scenario);
		}
		try (SimulatorProcess simulator = SimulatorProcess.start(scenario, this.classpath, scenario.revisedEvery())) {
			simulator.warmUp(scenario.concurrency());
			ChildProcess.Finished emptyBefore = job(scenario, simulator, database, run, "empty-before");
			database.checkpoint();
			BenchDatabase.History before = database.history();
			ChildProcess.Finished measured = job(scenario, simulator, database, run, "job", "includeTerminal=true");
			BenchDatabase.History added = database.history().minus(before);
			JobSummary summary = JobSummary.of(measured, scenario.requests(), "the backfill");
			database.verify(scenario);
			if ((scenario.revisedEvery() == 0) != (added.labelVersions() == 0)) {
				throw new IllegalStateException("the backfill added " + added + " to the history; see " + measured.log());
			}
			ChildProcess.Finished emptyAfter = job(scenario, simulator, database, run, "empty-after");
			Duration empty = emptyBefore.wall().plus(emptyAfter.wall()).dividedBy(2);
			return new RefetchFigures(scenario, measured.wall(), empty, summary, added, measured.peakRssBytes());
		}
	}

	private static double median(double[] sorted) {
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	ChildProcess.Finished job(BenchScenario scenario, SimulatorProcess simulator, BenchDatabase database,
			int run, String phase, String... arguments) throws Exception {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SAFETYKIT_API_KEY", SimulatorProcess.API_KEY);
		environment.put("SAFETYKIT_BASE_URL", simulator.baseUri().toString());
		environment.put("SPRING_DATASOURCE_URL", database.url());
		environment.put("SPRING_DATASOURCE_USERNAME", BenchDatabase.user());
		environment.put("SPRING_DATASOURCE_PASSWORD", "");
		environment.put("RECONCILER_CONCURRENCY", Integer.toString(scenario.concurrency()));
		environment.put("RECONCILER_PROGRESS_INTERVAL", "1h");
		environment.putAll(this.extraEnvironment);
		Path log = this.logs.resolve(scenario.name() + "-run" + run + "-" + phase + ".log");
		List<String> command = new ArrayList<>(List.of(ChildProcess.java()));
		command.addAll(this.jvmOptions);
		if (this.profile && phase.equals("job")) {
			// A Flight Recorder profile of the measured run, for JDK Mission Control or `jfr print`.
			command.add("-XX:StartFlightRecording=settings=profile,filename="
					+ log.resolveSibling(scenario.name() + "-run" + run + "-job.jfr"));
		}
		command.addAll(List.of("-jar", this.jar.toString()));
		command.addAll(List.of(arguments));
		ChildProcess.Finished finished = ChildProcess.run(command, environment, log, JOB_TIMEOUT);
		if (finished.exitCode() != 0) {
			throw new IllegalStateException(
					"the " + phase + " run exited " + finished.exitCode() + "; see " + finished.log());
		}
		return finished;
	}

	private static String summary(BenchScenario scenario, List<RunFigures> figures) {
		String main = switch (scenario.name()) {
			case "A" -> String.format(Locale.ROOT, "calls/s=%.1f ratio_to_C/L=%.3f bare_calls/s=%.1f bare_ratio_to_C/L=%.3f"
					+ " (in_job: calls/s=%.1f ratio_to_C/L=%.3f)",
					median(figures, RunFigures::callsPerSecond), median(figures, RunFigures::ratioToCeiling),
					median(figures, RunFigures::bareCallsPerSecond), median(figures, RunFigures::bareRatioToCeiling),
					median(figures, RunFigures::inJobCallsPerSecond), median(figures, RunFigures::inJobRatioToCeiling));
			case "B", "D" -> String.format(Locale.ROOT, "items+labels/s=%.0f copy_rows/s=%.0f ratio_to_copy=%.3f"
					+ " (in_job: items+labels/s=%.0f ratio_to_copy=%.3f)",
					median(figures, RunFigures::rowsPerSecond), median(figures, RunFigures::copyRowsPerSecond),
					median(figures, RunFigures::ratioToCopy), median(figures, RunFigures::inJobRowsPerSecond),
					median(figures, RunFigures::inJobRatioToCopy));
			default -> String.format(Locale.ROOT, "calls/s=%.1f fastest_bare_calls/s=%.1f ratio=%.3f"
					+ " (in_job: calls/s=%.1f ratio=%.3f)",
					median(figures, RunFigures::callsPerSecond), median(figures, RunFigures::bareCallsPerSecond),
					median(figures, RunFigures::ratioToBare), median(figures, RunFigures::inJobCallsPerSecond),
					median(figures, RunFigures::inJobRatioToBare));
		};
		String rows = (scenario.name().equals("B") || scenario.name().equals("D")) ? ""
				: String.format(Locale.ROOT, " items+labels/s=%.0f ratio_to_copy=%.3f",
						median(figures, RunFigures::rowsPerSecond), median(figures, RunFigures::ratioToCopy));
		return String.format(Locale.ROOT, "%s: %s%s cpu_ms/call=%.2f jit_cpu=%.1fs peak_rss_mb=%.0f (max %.0f)",
				scenario.name(), main, rows, median(figures, RunFigures::cpuMillisPerCall),
				median(figures, RunFigures::compilerSeconds), median(figures, RunFigures::peakRssMb),
				figures.stream().mapToDouble(RunFigures::peakRssMb).max().orElse(0));
	}

	/** The 1-minute load average: on a shared machine, the figures mean little when it is above the core count. */
	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	static double median(List<RunFigures> figures, ToDoubleFunction<RunFigures> figure) {
		double[] values = figures.stream().mapToDouble(figure).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static void fail(String message) {
		System.err.println(message);
		System.err.println(USAGE);
		System.exit(2);
	}

}
