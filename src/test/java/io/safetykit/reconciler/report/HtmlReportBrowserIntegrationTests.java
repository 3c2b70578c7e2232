package io.safetykit.reconciler.report;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.safetykit.reconciler.reconcile.RunResult;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import io.safetykit.reconciler.support.RequiredTool;
import io.safetykit.reconciler.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code report html} over the data of real runs, opened in headless Chromium with the network
 * blocked: no error, every chart drawn, and every table's numbers equal to what the views say.
 * The screenshot is left at {@code target/report-html.png}.
 */
class HtmlReportBrowserIntegrationTests extends JobIntegrationTestSupport {

	// a label no page may run or break on: HTML, a script end and quotes in its category
	private static final String HOSTILE_LABEL = "<img src=x onerror=alert(1)></script>\"'&.verdict";

	// per cell: the numbers the views give, keyed by the row's and the column's heading
	private static final String LABELS_PER_DAY = """
			SELECT day::text AS row, category AS col, sum(items)::text AS value
			FROM safetykit.label_daily
			WHERE (CAST(? AS text) IS NULL OR namespace = ?) AND (CAST(? AS date) IS NULL OR day >= ?)
			  AND (CAST(? AS date) IS NULL OR day <= ?)
			GROUP BY 1, 2
			""";

	private static final String VERDICTS_PER_CATEGORY = """
			SELECT category AS row, coalesce(verdict, '(none)') AS col, sum(items)::text AS value
			FROM safetykit.label_daily
			WHERE (CAST(? AS text) IS NULL OR namespace = ?) AND (CAST(? AS date) IS NULL OR day >= ?)
			  AND (CAST(? AS date) IS NULL OR day <= ?)
			GROUP BY 1, 2
			""";

	private static final String OUTSTANDING = """
			SELECT CASE WHEN age < interval '1 hour' THEN 'under 1 h' WHEN age < interval '1 day' THEN '1 h to 1 day'
			            WHEN age < interval '7 days' THEN '1 to 7 days' ELSE 'over 7 days' END AS row,
			       status AS col, count(*)::text AS value
			FROM safetykit.outstanding_request
			WHERE (CAST(? AS text) IS NULL OR namespace = ?)
			  AND (CAST(? AS date) IS NULL OR (submitted_at AT TIME ZONE 'UTC')::date >= ?)
			  AND (CAST(? AS date) IS NULL OR (submitted_at AT TIME ZONE 'UTC')::date <= ?)
			GROUP BY 1, 2
			""";

	private static final String IMPORT_LINKS = """
			SELECT CASE WHEN expired THEN 'expired' WHEN expires_in < interval '1 hour' THEN 'within 1 h'
			            WHEN expires_in < interval '6 hours' THEN 'in 1 to 6 h' ELSE 'in 6 to 24 h' END AS row,
			       namespace AS col, count(*)::text AS value
			FROM safetykit.import_expiring
			WHERE (CAST(? AS text) IS NULL OR namespace = ?)
			  AND (CAST(? AS date) IS NULL OR (data_expires_at AT TIME ZONE 'UTC')::date >= ?)
			  AND (CAST(? AS date) IS NULL OR (data_expires_at AT TIME ZONE 'UTC')::date <= ?)
			GROUP BY 1, 2
			""";

	private static final String LAST_RUNS = """
			SELECT id, status, round(extract(epoch FROM duration), 1)::text AS duration, polled::text,
			       succeeded::text, errors::text
			FROM safetykit.run_history
			WHERE (CAST(? AS text) IS NULL OR parameters ->> 'namespace' IS NULL OR parameters ->> 'namespace' = ?)
			  AND (CAST(? AS date) IS NULL OR (started_at AT TIME ZONE 'UTC')::date >= ?)
			  AND (CAST(? AS date) IS NULL OR (started_at AT TIME ZONE 'UTC')::date <= ?)
			ORDER BY id DESC
			LIMIT 30
			""";

	private static final String CHARTS_DRAWN = """
			Array.from(document.querySelectorAll('div.chart')).map(function (div) {
			  var canvas = div.querySelector('canvas');
			  if (!canvas) { return [div.id, 0]; }
			  var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
			  var colored = 0;
			  for (var i = 0; i < pixels.length; i += 4) {
			    var max = Math.max(pixels[i], pixels[i + 1], pixels[i + 2]);
			    var min = Math.min(pixels[i], pixels[i + 1], pixels[i + 2]);
			    if (pixels[i + 3] > 200 && max - min > 60) { colored++; }
			  }
			  return [div.id, colored];
			})""";

	private static final String TABLES = """
			Array.from(document.querySelectorAll('table:not(.u-legend)')).map(function (table) {
			  return { id: table.id,
			           caption: table.caption ? table.caption.textContent : null,
			           unscoped: table.querySelectorAll('th:not([scope])').length,
			           rows: Array.from(table.rows).map(function (row) {
			             return Array.from(row.cells).map(function (cell) { return cell.textContent; });
			           }) };
			})""";

	@Autowired
	private ReportCommand command;

	@TempDir
	private Path directory;

	@Test
	void theReportOpensOfflineDrawsEveryChartAndItsTablesHoldTheViewsNumbers() throws Exception {
		Path chromium = RequiredTool.find("chromium", "chromium");
		List<RunResult> runs = runsOverTwoNamespaces();
		spreadOverTime();

		Path everything = this.directory.resolve("report.html");
		assertThat(this.command.run(List.of("html", "--out", everything.toString()))).isZero();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		Path filtered = this.directory.resolve("filtered.html");
		assertThat(this.command.run(List.of("html", "--namespace", "html-a", "--from", today.minusDays(3).toString(),
				"--to", today.toString(), "--out", filtered.toString()))).isZero();

		try (HeadlessChromium browser = HeadlessChromium.start(chromium, this.directory)) {
			browser.open(everything, 1280, 900);
			Map<String, Map<String, Map<String, String>>> tables = assertPageIsWhole(browser, null, null, null);
			Files.createDirectories(Path.of("target"));
			browser.screenshot(Path.of("target", "report-html.png"));
			assertRunsMatchTheirSummaries(tables.get("last-runs-table"), runs);
			assertThat(browser.evaluate("document.getElementById('verdicts-per-category-table').textContent")
				.asString()).contains("<img src=x onerror=alert(1)></script>\"'&");

			browser.open(filtered, 1280, 900);
			assertPageIsWhole(browser, "html-a", today.minusDays(3), today);
			assertThat(browser.problems()).isEmpty();
		}
	}

	private List<RunResult> runsOverTwoNamespaces() throws Exception {
		for (String namespace : List.of("html-a", "html-b")) {
			for (int i = 0; i < 6; i++) {
				simulator.register(namespace, "add-" + i, Scenario.add(2 + i, 1 + i % 3));
				enqueue(namespace, "add-" + i);
			}
			simulator.register(namespace, "import-1", Scenario.importResult(5, 2));
			simulator.register(namespace, "import-2", Scenario.importResult(3, 1));
			simulator.register(namespace, "queued", Scenario.pending("queued"));
			simulator.register(namespace, "ingesting", Scenario.pending("ingesting"));
			simulator.register(namespace, "uploading", Scenario.pending("uploading"));
			simulator.register(namespace, "gone", Scenario.unknown());
			simulator.register(namespace, "refused", Scenario.failed("could not be read"));
			for (String id : List.of("import-1", "import-2", "queued", "ingesting", "uploading", "gone", "refused")) {
				enqueue(namespace, id);
			}
		}
		List<RunResult> runs = new ArrayList<>();
		runs.add(run("namespace=html-a"));
		runs.add(run());
		runs.add(run("ignoreBackoff=true"));
		for (RunResult result : runs) {
			assertThat(result.exitCode()).isZero();
		}
		return runs;
	}

	/** As if earlier nights had done part of the work, and the hostile label had come back. */
	private void spreadOverTime() {
		this.jdbc.update("""
				UPDATE safetykit.request SET completed_at = completed_at - (abs(hashtext(request_id)) % 6) * interval '1 day',
				                             submitted_at = submitted_at - (abs(hashtext(request_id)) % 6 + 1) * interval '1 day'
				WHERE completed_at IS NOT NULL""");
		this.jdbc.update("""
				UPDATE safetykit.request SET submitted_at = now() - CASE status WHEN 'queued' THEN interval '10 minutes'
				    WHEN 'ingesting' THEN interval '5 hours' ELSE interval '3 days' END
				WHERE completed_at IS NULL AND namespace = 'html-a'""");
		this.jdbc.update("UPDATE safetykit.request SET submitted_at = now() - interval '12 days' "
				+ "WHERE completed_at IS NULL AND namespace = 'html-b' AND status = 'queued'");
		this.jdbc.update("""
				UPDATE safetykit.import_result SET data_expires_at = now() + CASE request_id
				    WHEN 'import-1' THEN interval '-2 hours' ELSE interval '3 hours' END
				WHERE data_url IS NOT NULL""");
		this.jdbc.update("""
				INSERT INTO safetykit.item_label (namespace, request_id, item_id, label, attributes)
				SELECT namespace, request_id, item_id, ?, '{}'::jsonb FROM safetykit.item
				WHERE namespace = 'html-a' AND request_id = 'add-1' LIMIT 1""", HOSTILE_LABEL);
	}

	/** Checks the page and returns its tables: id → row heading → column heading → number. */
	private Map<String, Map<String, Map<String, String>>> assertPageIsWhole(HeadlessChromium browser,
			String namespace, LocalDate from, LocalDate to) throws Exception {
		assertThat(browser.problems()).as("console errors, exceptions, failed or blocked requests").isEmpty();
		JsonNode drawn = browser.evaluate(CHARTS_DRAWN);
		assertThat(drawn).hasSize(5);
		for (JsonNode chart : drawn) {
			assertThat(chart.get(1).asInt()).as("coloured pixels in chart %s", chart.get(0).asString())
				.isGreaterThan(200);
		}
		String text = browser.evaluate("document.body.innerText").asString();
		String database = this.jdbc.queryForObject("SELECT current_database()", String.class);
		assertThat(text).contains(database).contains(TestDatabase.url().replaceFirst("^jdbc:postgresql://", "")
			.replaceFirst("/.*$", ""));
		assertThat(text).doesNotContain(TestDatabase.username() + "@").doesNotContainIgnoringCase("password");
		assertThat(text).contains((namespace != null) ? namespace : "all")
			.contains((from != null) ? from.toString() : "the first day");

		Map<String, Map<String, Map<String, String>>> tables = new LinkedHashMap<>();
		for (JsonNode table : browser.evaluate(TABLES)) {
			assertThat(table.get("caption").asString()).isNotBlank();
			assertThat(table.get("unscoped").asInt()).as("th without scope in %s", table.get("id")).isZero();
			String id = table.get("id").asString();
			tables.put(id, cells(table.get("rows"), !id.equals("last-runs-table")));
		}
		Object[] filters = { namespace, namespace, from, from, to, to };
		assertThat(tables.get("labels-per-day-table")).isEqualTo(expected(LABELS_PER_DAY, filters));
		assertThat(tables.get("verdicts-per-category-table")).isEqualTo(expected(VERDICTS_PER_CATEGORY, filters));
		assertThat(tables.get("outstanding-requests-table")).isEqualTo(expected(OUTSTANDING, filters));
		assertThat(tables.get("import-links-table")).isEqualTo(expected(IMPORT_LINKS, filters));
		assertThat(tables.get("last-runs-table")).isEqualTo(expectedRuns(filters));
		return tables;
	}

	private static void assertRunsMatchTheirSummaries(Map<String, Map<String, String>> table, List<RunResult> runs) {
		for (RunResult run : runs) {
			Map<String, String> row = table.get(Long.toString(run.executionId()));
			assertThat(row).as("run %d", run.executionId())
				.containsEntry("status", "COMPLETED")
				.containsEntry("polled", Long.toString(run.summary().polled()))
				.containsEntry("succeeded", Long.toString(run.summary().succeeded()))
				.containsEntry("errors", Long.toString(run.summary().errors()));
		}
	}

	/** Row heading → column heading → value; with {@code dropZeros} without zeros and rows of nothing but zeros. */
	private static Map<String, Map<String, String>> cells(JsonNode rows, boolean dropZeros) {
		List<String> headings = new ArrayList<>();
		rows.get(0).forEach((cell) -> headings.add(cell.asString()));
		Map<String, Map<String, String>> cells = new TreeMap<>();
		for (int r = 1; r < rows.size(); r++) {
			JsonNode row = rows.get(r);
			Map<String, String> values = new TreeMap<>();
			for (int c = 1; c < row.size(); c++) {
				String value = number(row.get(c).asString());
				if (!dropZeros || !value.equals("0")) {
					values.put(headings.get(c), value);
				}
			}
			if (!values.isEmpty()) {
				cells.put(row.get(0).asString(), values);
			}
		}
		return cells;
	}

	private Map<String, Map<String, String>> expected(String sql, Object[] filters) {
		Map<String, Map<String, String>> cells = new TreeMap<>();
		this.jdbc.query(sql, (rs) -> {
			String value = number(rs.getString("value"));
			if (!value.equals("0")) {
				cells.computeIfAbsent(rs.getString("row"), (row) -> new TreeMap<>()).put(rs.getString("col"), value);
			}
		}, filters);
		return cells;
	}

	private Map<String, Map<String, String>> expectedRuns(Object[] filters) {
		Map<String, Map<String, String>> cells = new TreeMap<>();
		this.jdbc.query(LAST_RUNS, (rs) -> {
			Map<String, String> row = new TreeMap<>();
			row.put("status", rs.getString("status"));
			for (String column : List.of("duration", "polled", "succeeded", "errors")) {
				row.put(column.equals("duration") ? "duration (s)" : column, number(rs.getString(column)));
			}
			cells.put(rs.getString("id"), row);
		}, filters);
		return cells;
	}

	// 1.50 and 1.5 are the same number; an empty cell (no summary) stays empty
	private static String number(String text) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		try {
			return new BigDecimal(text).stripTrailingZeros().toPlainString();
		}
		catch (NumberFormatException ex) {
			return text;
		}
	}

}
