package io.safetykit.reconciler.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.safetykit.reconciler.safetykit.ResultItem;
import io.safetykit.reconciler.safetykit.ResultLabel;
import io.safetykit.reconciler.safetykit.StatusResponse;
import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.safetykit.StatusResponseParser;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.databind.json.JsonMapper;

/**
 * The yardstick for the job's writes: the same item and label rows, execution id included, COPYed
 * in one transaction into scratch tables of the same shape, keys and defaults, with nothing else
 * to do.
 */
final class RawCopy {

	private static final String SCRATCH_TABLES = """
			DROP TABLE IF EXISTS public.bench_item, public.bench_item_label;
			CREATE TABLE public.bench_item (LIKE safetykit.item INCLUDING ALL);
			CREATE TABLE public.bench_item_label (LIKE safetykit.item_label INCLUDING ALL);
			""";

	// %s: ", job_execution_id" where the tables have it (a jar from before decision history has not)
	private static final String COPY_ITEMS = """
			COPY public.bench_item (namespace, request_id, item_id, url, metadata, fields, actions%s) FROM STDIN
			""";

	private static final String COPY_LABELS = """
			COPY public.bench_item_label (namespace, request_id, item_id, label, confidence, explanation, attributes%s)
			FROM STDIN
			""";

	private static final String HAS_EXECUTION_COLUMN = """
			SELECT EXISTS (SELECT 1 FROM information_schema.columns
			               WHERE table_schema = 'safetykit' AND table_name = 'item' AND column_name = 'job_execution_id')
			""";

	/** The job writes the execution that observed each row; any id serves the yardstick. */
	private static final String EXECUTION_ID = "1";

	private static final int BLOCK = 64 * 1024;

	private static final String TEMPLATE_ID = "template";

	private RawCopy() {
	}

	/** How long the COPY of {@code rows} rows took. */
	record Timed(long rows, Duration elapsed) {

		double rowsPerSecond() {
			return this.rows * 1e9 / this.elapsed.toNanos();
		}

	}

	/**
	 * Takes one answer of the simulator as the template, so the rows are those the job writes, and
	 * COPYs them once for every request id.
	 */
	static Timed run(BenchDatabase database, URI simulator, List<String> requestIds) throws Exception {
		List<ResultItem> template = templateItems(simulator);
		return timed(database, () -> requestIds.stream()
			.flatMap((requestId) -> template.stream().map((item) -> new Row(requestId, item))));
	}

	/**
	 * The yardstick for a result-file load: the rows of one Import of {@code lines} lines, built
	 * from the first line of a result file the simulator serves, each with an item id of its own.
	 */
	static Timed runImport(BenchDatabase database, URI simulator, String requestId, int lines) throws Exception {
		ResultItem template = firstFileLine(simulator);
		return timed(database, () -> IntStream.rangeClosed(1, lines)
			.mapToObj((line) -> new Row(requestId, new ResultItem(String.format("item-%07d", line), template.url(),
					template.metadataJson(), template.fieldsJson(), template.actionsJson(), template.labels()))));
	}

	/** One item of one request. */
	private record Row(String requestId, ResultItem item) {
	}

	/** COPYs the items, then their labels, into fresh scratch tables in one transaction, timed. */
	private static Timed timed(BenchDatabase database, Supplier<Stream<Row>> rows) throws SQLException {
		try (Connection connection = database.connect()) {
			String execution;
			try (Statement statement = connection.createStatement()) {
				statement.execute(SCRATCH_TABLES);
				try (ResultSet rs = statement.executeQuery(HAS_EXECUTION_COLUMN)) {
					rs.next();
					execution = rs.getBoolean(1) ? EXECUTION_ID : null;
				}
			}
			String column = (execution != null) ? ", job_execution_id" : "";
			connection.setAutoCommit(false);
			long start = System.nanoTime();
			long written = copy(connection, COPY_ITEMS.formatted(column), rows.get(), false, execution)
					+ copy(connection, COPY_LABELS.formatted(column), rows.get(), true, execution);
			connection.commit();
			return new Timed(written, Duration.ofNanos(System.nanoTime() - start));
		}
	}

	private static ResultItem firstFileLine(URI simulator) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		StatusResponseParser parser = new StatusResponseParser(JsonMapper.builder().build());
		ImportOutput answer = (ImportOutput) parser.parse(template(http, simulator), BenchDatabase.NAMESPACE,
				TEMPLATE_ID);
		HttpRequest file = HttpRequest.newBuilder(URI.create(answer.dataUrl())).build();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(
				http.send(file, HttpResponse.BodyHandlers.ofInputStream()).body(), StandardCharsets.UTF_8))) {
			return parser.parseItem(lines.readLine(), BenchDatabase.NAMESPACE, TEMPLATE_ID);
		}
	}

	private static List<ResultItem> templateItems(URI simulator) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		StatusResponse response = new StatusResponseParser(JsonMapper.builder().build())
			.parse(template(http, simulator), BenchDatabase.NAMESPACE, TEMPLATE_ID);
		return ((AddOutput) response).items();
	}

	/** The simulator's status answer for a request of its default scenario. */
	private static byte[] template(HttpClient http, URI simulator) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(simulator.resolve("/v1/data/" + BenchDatabase.NAMESPACE + "/requests/" + TEMPLATE_ID))
			.header("Authorization", "Bearer " + SimulatorProcess.API_KEY)
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
	}

	// execution: the last value of every row, or null for tables without job_execution_id
	private static long copy(Connection connection, String sql, Stream<Row> rows, boolean labels, String execution)
			throws SQLException {
		CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
		try {
			StringBuilder text = new StringBuilder(2 * BLOCK);
			for (Row row : (Iterable<Row>) rows::iterator) {
				ResultItem item = row.item();
				if (labels) {
					for (ResultLabel label : item.labels()) {
						row(text, execution, BenchDatabase.NAMESPACE, row.requestId(), item.id(), label.label(),
								(label.confidence() != null) ? label.confidence().toString() : null,
								label.explanation(), label.attributesJson());
					}
				}
				else {
					row(text, execution, BenchDatabase.NAMESPACE, row.requestId(), item.id(), item.url(),
							item.metadataJson(), item.fieldsJson(), item.actionsJson());
				}
				if (text.length() >= BLOCK) {
					write(copy, text);
				}
			}
			write(copy, text);
			return copy.endCopy();
		}
		finally {
			if (copy.isActive()) {
				copy.cancelCopy();
			}
		}
	}

	private static void write(CopyIn copy, StringBuilder text) throws SQLException {
		byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
		copy.writeToCopy(bytes, 0, bytes.length);
		text.setLength(0);
	}

	/**
	 * One row in COPY's text format: tab-separated, \N for null, backslash escapes; then the
	 * execution, unless it is null (tables without the column).
	 */
	private static void row(StringBuilder text, String execution, String... values) {
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				text.append('\t');
			}
			String value = values[i];
			if (value == null) {
				text.append("\\N");
				continue;
			}
			for (int c = 0; c < value.length(); c++) {
				char ch = value.charAt(c);
				switch (ch) {
					case '\\' -> text.append("\\\\");
					case '\t' -> text.append("\\t");
					case '\n' -> text.append("\\n");
					case '\r' -> text.append("\\r");
					default -> text.append(ch);
				}
			}
		}
		if (execution != null) {
			text.append('\t').append(execution);
		}
		text.append('\n');
	}

}
