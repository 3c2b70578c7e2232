package io.safetykit.reconciler.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@SpringBootTest(properties = "safetykit.api-key=test-key")
class ReportCommandIntegrationTests {

	private static final String TRICKY_LABEL = "pii.review, \"urgent\"\r\nsecond line — café 漢字 🚫";

	private static final String TRICKY_TITLE = "Crème \"brûlée\", 2 pcs\nline two";

	private static final Instant COMPLETED = Instant.parse("2024-05-01T10:00:00Z");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@Autowired
	private ReportCommand command;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private JsonMapper json;

	@TempDir
	private Path directory;

	private ReportRows rows;

	@BeforeEach
	void emptyTables() {
		this.rows = new ReportRows(this.jdbc);
		this.rows.truncate();
	}

	@Test
	void writesRfc4180CsvQuotingCommasQuotesAndNewlinesAndKeepingUnicode() throws Exception {
		insertTrickyItem();
		Path out = this.directory.resolve("labels.csv");
		assertThat(this.command.run(List.of("item_latest_label", "--out", out.toString()))).isZero();
		String csv = Files.readString(out, StandardCharsets.UTF_8);
		assertThat(csv).startsWith("namespace,item_id,request_id,completed_at,category,verdict,label,confidence,"
				+ "explanation,attributes,url,metadata\r\n");
		assertThat(csv).contains(",\"review, \"\"urgent\"\"\r\nsecond line — café 漢字 🚫\","
				+ "\"pii.review, \"\"urgent\"\"\r\nsecond line — café 漢字 🚫\",0.9,");
		assertThat(csv).endsWith("\r\n");
		List<List<String>> records = parseCsv(csv);
		assertThat(records).hasSize(2);
		List<String> row = records.get(1);
		assertThat(row.subList(0, 9)).containsExactly("shop", "item,1", "r1", "2024-05-01T10:00:00Z", "pii",
				"review, \"urgent\"\r\nsecond line — café 漢字 🚫", TRICKY_LABEL, "0.9", "because " + TRICKY_LABEL);
		assertThat(this.json.readTree(row.get(11)).get("title").stringValue()).isEqualTo(TRICKY_TITLE);
		assertThat(this.json.readTree(row.get(9)).get("label").stringValue()).isEqualTo(TRICKY_LABEL);
	}

	@Test
	void writesJsonLinesWithEscapedStringsAndNestedJson() throws Exception {
		insertTrickyItem();
		Path out = this.directory.resolve("labels.jsonl");
		this.command.run(List.of("item_latest_label", "--format", "jsonl", "--out", out.toString()));
		String text = Files.readString(out, StandardCharsets.UTF_8);
		assertThat(text).endsWith("\n").contains("🚫").doesNotContain("\r");
		List<String> lines = text.lines().toList();
		assertThat(lines).hasSize(1);
		JsonNode row = this.json.readTree(lines.get(0));
		assertThat(row.get("label").stringValue()).isEqualTo(TRICKY_LABEL);
		assertThat(row.get("verdict").stringValue()).isEqualTo("review, \"urgent\"\r\nsecond line — café 漢字 🚫");
		assertThat(row.get("confidence").isNumber()).isTrue();
		assertThat(row.get("confidence").doubleValue()).isEqualTo(0.9);
		assertThat(row.get("completed_at").stringValue()).isEqualTo("2024-05-01T10:00:00Z");
		assertThat(row.get("metadata").isObject()).isTrue();
		assertThat(row.get("metadata").get("title").stringValue()).isEqualTo(TRICKY_TITLE);
		assertThat(row.get("attributes").get("confidence").doubleValue()).isEqualTo(0.9);
		assertThat(row.get("explanation").stringValue()).isEqualTo("because " + TRICKY_LABEL);
	}

	@Test
	void writesTypedJsonForIntervalsBooleansAndNulls() throws Exception {
		this.rows.pending("shop", "r1", "queued", Instant.now().minusSeconds(2 * 86400), 0, null);
		Path out = this.directory.resolve("outstanding.jsonl");
		this.command.run(List.of("outstanding_request", "--format=jsonl", "--out=" + out));
		JsonNode row = this.json.readTree(Files.readString(out));
		assertThat(row.get("overdue").isBoolean()).isTrue();
		assertThat(row.get("overdue").booleanValue()).isTrue();
		assertThat(row.get("age").stringValue()).startsWith("P2D");
		assertThat(row.get("last_error").isNull()).isTrue();
		assertThat(row.get("poll_count").intValue()).isEqualTo(3);
	}

	@Test
	void filtersByNamespaceAndInclusiveUtcDays() throws Exception {
		for (String namespace : List.of("shop", "other")) {
			for (int day = 1; day <= 3; day++) {
				String request = "r" + day;
				this.rows.completed(namespace, request, Instant.parse("2024-05-0" + day + "T23:59:59Z"));
				this.rows.item(namespace, request, "a", null);
				this.rows.label(namespace, request, "a", "spam", 0.5);
				this.rows.event(namespace, request, "succeeded", Instant.parse("2024-05-0" + day + "T23:59:59Z"), null);
				this.rows.event(namespace, request, "succeeded", Instant.parse("2024-05-0" + (day + 1) + "T00:00:00Z"),
						null);
			}
		}
		assertThat(report("label_daily", "--namespace", "shop", "--from", "2024-05-02", "--to", "2024-05-02"))
			.containsExactly("namespace,day,category,verdict,label,items", "shop,2024-05-02,spam,,spam,1");
		assertThat(report("request_history", "--namespace", "other", "--from", "2024-05-03", "--to", "2024-05-03"))
			.extracting((line) -> line.split(",")[1] + "@" + line.split(",")[3])
			.containsExactly("request_id@observed_at", "r2@2024-05-03T00:00:00Z", "r3@2024-05-03T23:59:59Z");
		// the filter picks among the latest labels: it does not bring back older ones
		assertThat(report("item_latest_label", "--from", "2024-05-03", "--to", "2024-05-03")).hasSize(3);
		assertThat(report("item_latest_label", "--to", "2024-05-02")).hasSize(1);
		assertThat(report("label_daily", "--namespace", "nowhere")).containsExactly(
				"namespace,day,category,verdict,label,items");
	}

	@Test
	void reportsTheLatestLabelsAsTheyStoodAtAnInstant() throws Exception {
		this.rows.completed("shop", "r1", COMPLETED);
		this.rows.item("shop", "r1", "a", null);
		this.rows.label("shop", "r1", "a", "hate.violation", 0.7);
		this.jdbc.update("UPDATE safetykit.item SET valid_from = ?", java.sql.Timestamp.from(COMPLETED));
		this.jdbc.update("UPDATE safetykit.item_label SET valid_from = '2024-06-01T00:00:00Z'");
		// what the request said before a re-fetch on 2024-06-01 replaced it
		this.jdbc.update("""
				INSERT INTO safetykit.item_label_version (namespace, request_id, item_id, label, confidence, attributes,
				                                          valid_from, valid_to, closed_by)
				VALUES ('shop', 'r1', 'a', 'spam.violation', 0.5, '{"label":"spam.violation"}', ?,
				        '2024-06-01T00:00:00Z', 7)""", java.sql.Timestamp.from(COMPLETED));
		assertThat(report("item_latest_label", "--as-of", "2024-05-01T09:59:59Z")).containsExactly(
				"namespace,item_id,request_id,completed_at,category,verdict,label,confidence,explanation,attributes,url,"
						+ "metadata");
		assertThat(report("item_latest_label", "--as-of", "2024-05-15T12:00:00+02:00")).hasSize(2)
			.last().asString().startsWith("shop,a,r1,2024-05-01T10:00:00Z,spam,violation,spam.violation,0.5,");
		assertThat(report("item_latest_label", "--as-of=2024-06-01T00:00:00Z")).hasSize(2)
			.last().asString().contains(",hate.violation,0.7,");
		assertThat(report("item_latest_label")).hasSize(2).last().asString().contains(",hate.violation,");
	}

	@Test
	void rejectsABadViewOrOptionWithOneLineAndWritesNothing() {
		Path out = this.directory.resolve("never.csv");
		assertUsage(List.of(), "Name a view: label_daily, item_latest_label, outstanding_request, "
				+ "import_expiring, request_history, run_history");
		assertUsage(List.of("label_daily; DROP TABLE safetykit.request", "--out", out.toString()),
				"Unknown view 'label_daily; DROP TABLE safetykit.request'; views: label_daily, ");
		assertUsage(List.of("label_daily", "--namespce", "shop"), "Unknown option '--namespce'");
		assertUsage(List.of("label_daily", "--from", "yesterday"), "--from: 'yesterday' is not a date (YYYY-MM-DD)");
		assertUsage(List.of("label_daily", "--to"), "--to needs a value");
		assertUsage(List.of("label_daily", "--from", "2024-05-02", "--to", "2024-05-01"),
				"--from 2024-05-02 is after --to 2024-05-01");
		assertUsage(List.of("label_daily", "--format", "xml"), "--format: 'xml' is not csv or jsonl");
		assertUsage(List.of("item_latest_label", "--as-of", "2024-05-01"),
				"--as-of: '2024-05-01' is not an ISO-8601 instant (2026-11-01T12:00:00Z)");
		assertUsage(List.of("item_latest_label", "--as-of", "yesterday"), "--as-of: 'yesterday' is not an ISO-8601");
		assertUsage(List.of("label_daily", "--as-of", "2024-05-01T00:00:00Z"),
				"--as-of applies only to item_latest_label");
		assertUsage(List.of("label_daily", "--namespace", "a", "--namespace", "b"), "--namespace is given twice");
		assertUsage(List.of("label_daily", "request_history"), "Unexpected argument 'request_history' after the view name");
		assertUsage(List.of("label_daily", "--out", this.directory.resolve("no/such/dir.csv").toString()),
				"--out: directory " + this.directory.resolve("no/such") + " does not exist");
		assertThat(out).doesNotExist();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM safetykit.request", Long.class)).isZero();
	}

	@Test
	void replacesAnExistingFileAndLeavesNoPartialFileBehind() throws Exception {
		Path out = this.directory.resolve("report.csv");
		Files.writeString(out, "old contents");
		this.command.run(List.of("import_expiring", "--out", out.toString()));
		assertThat(Files.readString(out)).isEqualTo(
				"namespace,request_id,data_count,data_url,data_expires_at,expires_in,expired,fetched_at\r\n");
		try (var files = Files.list(this.directory)) {
			assertThat(files).containsExactly(out);
		}
	}

	private void insertTrickyItem() {
		this.rows.completed("shop", "r1", COMPLETED);
		this.rows.item("shop", "r1", "item,1", this.json.writeValueAsString(java.util.Map.of("title", TRICKY_TITLE)));
		this.rows.label("shop", "r1", "item,1", TRICKY_LABEL, 0.9);
	}

	private List<String> report(String... arguments) throws Exception {
		Path out = Files.createTempFile(this.directory, "report", ".csv");
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(List.of("--out", out.toString()));
		this.command.run(all);
		return List.of(Files.readString(out).split("\r\n"));
	}

	private void assertUsage(List<String> arguments, String message) {
		UsageException ex = catchThrowableOfType(UsageException.class, () -> this.command.run(arguments));
		assertThat(ex).as("%s", arguments).isNotNull();
		assertThat(ex.getMessage()).startsWith(message).doesNotContain("\n");
	}

	/** An RFC 4180 reader, so that the test does not trust the writer's own idea of quoting. */
	private static List<List<String>> parseCsv(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				record.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\r' && text.charAt(i + 1) == '\n') {
				record.add(field.toString());
				field.setLength(0);
				records.add(record);
				record = new ArrayList<>();
				i++;
			}
			else {
				field.append(c);
			}
		}
		return records;
	}

}
