package io.safetykit.reconciler.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario G: a one-day backfill timed, inside the run, beside millions of finished requests of
 * the year before and alone, in a database of its own each. The finished requests are loaded once
 * and kept in {@code <prefix>g} for later runs; each run deletes what the previous one left of the
 * day and enqueues the day's requests again. Their ids are spread evenly among those of the
 * finished requests, so that in key order the day's requests lie among every other day's.
 */
final class OneDayBackfill {

	static final String DAY = "2026-06-15";

	private static final String[] PARAMETERS = { "includeTerminal=true", "submittedFrom=" + DAY, "submittedTo=" + DAY };

	// ids 'request_' + 26 digits, multiples of 10, one every 3 s (for 10,000,000) over the year before the day;
	// completed a minute after submission: both grow with the key, so that the load appends to every index
	private static final String FINISHED = """
			INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, last_polled_at,
			                               poll_count, completed_at)
			SELECT ?, 'request_' || lpad((g * 10)::text, 26, '0'), 'add', 'succeeded', t, t + interval '1 minute', 1,
			       t + interval '1 minute'
			FROM generate_series(1, ?) AS g,
			     LATERAL (SELECT CAST(? AS timestamptz) - interval '366 days'
			                     + g * (30000000.0 / ?) * interval '1 second') AS s(t)
			""";

	private static final String LOADED = "CREATE TABLE public.bench_finished_loaded (requests bigint NOT NULL)";

	private static final String LOADED_COUNT = """
			SELECT requests FROM public.bench_finished_loaded
			WHERE to_regclass('public.bench_finished_loaded') IS NOT NULL
			""";

	// the day's requests: ids ending in 5, between those of the finished requests; one a second from midnight
	private static final String DAY_REQUESTS = """
			INSERT INTO safetykit.request (namespace, request_id, submitted_at)
			SELECT ?, 'request_' || lpad((g * ? + 5)::text, 26, '0'), CAST(? AS timestamptz) + g * interval '1 second'
			FROM generate_series(1, ?) AS g
			""";

	private static final String OF_THE_DAY = """
			(namespace, request_id) IN (SELECT namespace, request_id FROM safetykit.request
			                            WHERE submitted_at >= CAST(? AS timestamptz)
			                              AND submitted_at < CAST(? AS timestamptz) + interval '1 day')""";

	private static final List<String> DAY_TABLES = List.of("safetykit.item_label_version", "safetykit.item_version",
			"safetykit.item_label", "safetykit.item", "safetykit.import_result", "safetykit.request_event");

	private static final String SUCCEEDED_OF_THE_DAY = """
			SELECT count(*) FROM safetykit.request
			WHERE submitted_at >= CAST(? AS timestamptz) AND submitted_at < CAST(? AS timestamptz) + interval '1 day'
			  AND status = 'succeeded' AND claimed_by IS NULL
			""";

	private final Benchmark benchmark;

	private final String classpath;

	OneDayBackfill(Benchmark benchmark, String classpath) {
		this.benchmark = benchmark;
		this.classpath = classpath;
	}

	/** {@code runs} runs, each timing the backfill alone and beside the finished requests; the medians. */
	String runs(BenchScenario scenario, int runs) throws Exception {
		List<double[]> figures = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			String loadBefore = Benchmark.loadAverage();
			double alone = alone(scenario, run);
			double beside = beside(scenario, run);
			figures.add(new double[] { alone, beside, beside / alone });
			System.out.println(String.format(Locale.ROOT,
					"%s run %d/%d: in_run alone=%.2fs beside_%,d_finished=%.2fs ratio=%.3f load_avg=%s..%s",
					scenario.name(), run, runs, alone, scenario.besideFinished(), beside, beside / alone, loadBefore,
					Benchmark.loadAverage()));
		}
		String summary = String.format(Locale.ROOT,
				"%s: in_run alone=%.2fs beside_%,d_finished=%.2fs ratio=%.3f (median of per-run ratios; target <= 1.20)",
				scenario.name(), median(figures, 0), scenario.besideFinished(), median(figures, 1), median(figures, 2));
		System.out.println(summary);
		return summary;
	}

	private double alone(BenchScenario scenario, int run) throws Exception {
		BenchDatabase database = new BenchDatabase(scenario.database() + "_alone");
		database.recreate();
		return measure(scenario, database, run, "alone");
	}

	private double beside(BenchScenario scenario, int run) throws Exception {
		BenchDatabase database = new BenchDatabase(scenario.database());
		if (loaded(database) != scenario.besideFinished()) {
			database.recreate();
			migrate(scenario, database, run);
			long started = System.nanoTime();
			loadFinished(database, scenario.besideFinished());
			System.out.println(String.format(Locale.ROOT, "%s: loaded %,d finished requests into %s in %.0f s (kept "
					+ "for later runs)", scenario.name(), scenario.besideFinished(), database.url(),
					(System.nanoTime() - started) / 1e9));
		}
		else {
			deleteTheDay(database);
		}
		return measure(scenario, database, run, "beside");
	}

	/** Migrates, enqueues the day's requests, and times the backfill inside the run (its Summary line). */
	private double measure(BenchScenario scenario, BenchDatabase database, int run, String where) throws Exception {
		try (SimulatorProcess simulator = SimulatorProcess.start(scenario, this.classpath)) {
			simulator.warmUp(scenario.concurrency());
			this.benchmark.job(scenario, simulator, database, run, where + "-migrate");
			enqueueTheDay(database, scenario);
			database.checkpoint();
			ChildProcess.Finished measured = this.benchmark.job(scenario, simulator, database, run, where + "-job",
					PARAMETERS);
			JobSummary summary = JobSummary.of(measured, scenario.requests(), "the backfill");
			long succeeded = succeededOfTheDay(database);
			if (succeeded != scenario.requests()) {
				throw new IllegalStateException("the backfill completed " + succeeded + " requests of the day, expected "
						+ scenario.requests() + "; see " + measured.log());
			}
			return summary.seconds();
		}
	}

	private void migrate(BenchScenario scenario, BenchDatabase database, int run) throws Exception {
		try (SimulatorProcess simulator = SimulatorProcess.start(scenario, this.classpath)) {
			this.benchmark.job(scenario, simulator, database, run, "beside-load-migrate");
		}
	}

	private static long loaded(BenchDatabase database) throws SQLException {
		if (!database.exists()) {
			return -1;
		}
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(LOADED_COUNT)) {
			return rows.next() ? rows.getLong(1) : -1;
		}
		catch (SQLException ex) {
			// no such table yet: never loaded
			return -1;
		}
	}

	private static void loadFinished(BenchDatabase database, int count) throws SQLException {
		try (Connection connection = database.connect()) {
			try (PreparedStatement insert = connection.prepareStatement(FINISHED)) {
				insert.setString(1, BenchDatabase.NAMESPACE);
				insert.setInt(2, count);
				insert.setString(3, DAY);
				insert.setInt(4, count);
				insert.executeUpdate();
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("VACUUM ANALYZE safetykit.request");
				statement.execute(LOADED);
				statement.execute("INSERT INTO public.bench_finished_loaded VALUES (" + count + ")");
			}
		}
	}

	/** Deletes the day's requests and every row the previous run wrote for them, and vacuums. */
	private static void deleteTheDay(BenchDatabase database) throws SQLException {
		try (Connection connection = database.connect()) {
			for (String table : DAY_TABLES) {
				// the table names are our own constants, never input
				delete(connection, "DELETE FROM " + table + " WHERE " + OF_THE_DAY);
			}
			delete(connection, "DELETE FROM safetykit.request WHERE " + OF_THE_DAY);
			try (Statement statement = connection.createStatement()) {
				// as the alone database: no dead rows of the day in the table or its indexes
				statement.execute("VACUUM safetykit.request");
			}
		}
	}

	private static void delete(Connection connection, String sql) throws SQLException {
		try (PreparedStatement delete = connection.prepareStatement(sql)) {
			delete.setString(1, DAY);
			delete.setString(2, DAY);
			delete.executeUpdate();
		}
	}

	private static void enqueueTheDay(BenchDatabase database, BenchScenario scenario) throws SQLException {
		long stride = Math.max(10, 10L * scenario.besideFinished() / scenario.requests());
		try (Connection connection = database.connect()) {
			try (PreparedStatement insert = connection.prepareStatement(DAY_REQUESTS)) {
				insert.setString(1, BenchDatabase.NAMESPACE);
				insert.setLong(2, stride - stride % 10);
				insert.setString(3, DAY);
				insert.setInt(4, scenario.requests());
				insert.executeUpdate();
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("ANALYZE safetykit.request");
			}
		}
	}

	private static long succeededOfTheDay(BenchDatabase database) throws SQLException {
		try (Connection connection = database.connect();
				PreparedStatement count = connection.prepareStatement(SUCCEEDED_OF_THE_DAY)) {
			count.setString(1, DAY);
			count.setString(2, DAY);
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static double median(List<double[]> figures, int column) {
		double[] sorted = figures.stream().mapToDouble((run) -> run[column]).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
