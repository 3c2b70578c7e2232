package io.safetykit.reconciler.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@SpringBootTest(properties = "safetykit.api-key=test-key")
class ReportViewsIntegrationTests {

	private static final Instant NOW = Instant.now();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@Autowired
	private JdbcTemplate jdbc;

	private ReportRows rows;

	@BeforeEach
	void emptyTables() {
		this.rows = new ReportRows(this.jdbc);
		this.rows.truncate();
	}

	@Test
	void labelDailyCountsItemsPerUtcDayAndSplitsCategoryFromVerdict() {
		this.rows.completed("shop", "r1", Instant.parse("2024-05-01T23:30:00Z"));
		// 00:30 in Paris on the 2nd is still the 1st in UTC
		this.rows.completed("shop", "r2", Instant.parse("2024-05-02T00:30:00+02:00"));
		this.rows.completed("shop", "r3", Instant.parse("2024-05-02T00:30:00Z"));
		this.rows.pending("shop", "r4", "ingesting", NOW, 0, null);
		for (String request : List.of("r1", "r2", "r3", "r4")) {
			this.rows.item("shop", request, "a", null);
			this.rows.item("shop", request, "b", null);
		}
		this.rows.label("shop", "r1", "a", "illegal_drugs.violation", 0.9);
		this.rows.label("shop", "r2", "b", "illegal_drugs.violation", 0.9);
		// the same item labelled twice on one day is one item
		this.rows.label("shop", "r2", "a", "illegal_drugs.violation", 0.9);
		this.rows.label("shop", "r1", "b", "spam", 0.5);
		this.rows.label("shop", "r3", "a", "weapons.review.manual", 0.5);
		this.rows.label("shop", "r4", "a", "illegal_drugs.violation", 0.9);
		assertThat(this.jdbc.queryForList(
				"SELECT day::text AS day, category, verdict, label, items FROM safetykit.label_daily ORDER BY day, label"))
			.extracting((row) -> tuple(row.get("day"), row.get("category"), row.get("verdict"), row.get("label"),
					row.get("items")))
			.containsExactly(tuple("2024-05-01", "illegal_drugs", "violation", "illegal_drugs.violation", 2L),
					tuple("2024-05-01", "spam", null, "spam", 1L),
					tuple("2024-05-02", "weapons", "review.manual", "weapons.review.manual", 1L));
	}

	@Test
	void itemLatestLabelKeepsOnlyTheLabelsOfTheMostRecentlyCompletedRequest() {
		Instant earlier = NOW.minus(Duration.ofDays(2));
		this.rows.completed("shop", "old", earlier);
		this.rows.completed("shop", "new", NOW.minus(Duration.ofDays(1)));
		this.rows.completed("other", "old", NOW);
		this.rows.item("shop", "old", "x", null);
		this.rows.label("shop", "old", "x", "weapons.violation", 0.9);
		this.rows.label("shop", "old", "x", "spam", 0.4);
		this.rows.item("shop", "new", "x", "{\"title\": \"re-listed\"}");
		this.rows.label("shop", "new", "x", "weapons.safe", 0.8);
		// re-evaluated without labels: none left
		this.rows.item("shop", "old", "y", null);
		this.rows.label("shop", "old", "y", "spam", 0.4);
		this.rows.item("shop", "new", "y", null);
		// same id in another namespace is another item
		this.rows.item("other", "old", "x", null);
		this.rows.label("other", "old", "x", "spam", 0.7);
		assertThat(this.jdbc.queryForList("""
				SELECT namespace, item_id, request_id, category, verdict, label, metadata->>'title' AS title
				FROM safetykit.item_latest_label ORDER BY namespace, item_id, label"""))
			.extracting((row) -> tuple(row.get("namespace"), row.get("item_id"), row.get("request_id"),
					row.get("label"), row.get("verdict"), row.get("title")))
			.containsExactly(tuple("other", "x", "old", "spam", null, null),
					tuple("shop", "x", "new", "weapons.safe", "safe", "re-listed"));
	}

	@Test
	void itemLatestLabelBreaksTiesBetweenRequestsCompletedTogetherByRequestId() {
		this.rows.completed("shop", "req-a", NOW);
		this.rows.completed("shop", "req-b", NOW);
		this.rows.item("shop", "req-a", "x", null);
		this.rows.label("shop", "req-a", "x", "spam", 0.4);
		this.rows.item("shop", "req-b", "x", null);
		this.rows.label("shop", "req-b", "x", "weapons.safe", 0.4);
		assertThat(this.jdbc.queryForList("SELECT request_id, label FROM safetykit.item_latest_label"))
			.containsExactly(Map.of("request_id", "req-b", "label", "weapons.safe"));
	}

	@Test
	void outstandingRequestListsUnfinishedRequestsAndFlagsThoseOlderThanADay() {
		this.rows.pending("shop", "stuck", "queued", NOW.minus(Duration.ofHours(49)), 2, "HTTP 503 after 5 attempts");
		this.rows.pending("shop", "fresh", "ingesting", NOW.minus(Duration.ofHours(1)), 0, null);
		this.rows.completed("shop", "done", NOW.minus(Duration.ofDays(3)));
		List<Map<String, Object>> outstanding = this.jdbc.queryForList("""
				SELECT request_id, overdue, age > interval '48 hours' AS older_than_two_days, poll_count, error_count,
				       last_error
				FROM safetykit.outstanding_request ORDER BY submitted_at""");
		assertThat(outstanding).extracting((row) -> tuple(row.get("request_id"), row.get("overdue"),
				row.get("older_than_two_days"), row.get("error_count"), row.get("last_error")))
			.containsExactly(tuple("stuck", true, true, 2, "HTTP 503 after 5 attempts"),
					tuple("fresh", false, false, 0, null));
	}

	@Test
	void importExpiringListsLinksThatDieWithinADayOrHaveDied() {
		for (String request : List.of("soon", "dead", "later", "none")) {
			this.rows.completed("shop", request, NOW.minus(Duration.ofDays(1)));
		}
		this.rows.importResult("shop", "soon", "https://files.example/soon?sig=1", NOW.plus(Duration.ofHours(2)));
		this.rows.importResult("shop", "dead", "https://files.example/dead?sig=2", NOW.minus(Duration.ofHours(2)));
		this.rows.importResult("shop", "later", "https://files.example/later?sig=3", NOW.plus(Duration.ofDays(3)));
		this.rows.importResult("shop", "none", null, null);
		assertThat(this.jdbc.queryForList(
				"SELECT request_id, data_url, expired FROM safetykit.import_expiring ORDER BY data_expires_at"))
			.extracting((row) -> tuple(row.get("request_id"), row.get("data_url"), row.get("expired")))
			.containsExactly(tuple("dead", "https://files.example/dead?sig=2", true),
					tuple("soon", "https://files.example/soon?sig=1", false));
	}

	@Test
	void requestHistoryListsEachRequestsEventsInOrder() {
		this.rows.pending("shop", "r1", "ingesting", NOW, 0, null);
		this.rows.event("shop", "r1", "queued", NOW, null);
		this.rows.event("other", "r1", "queued", NOW, null);
		this.rows.event("shop", "r1", "ingesting", NOW, null);
		this.rows.event("shop", "r1", "ingesting", NOW, "HTTP 503");
		assertThat(this.jdbc.queryForList("""
				SELECT status, detail FROM safetykit.request_history
				WHERE namespace = 'shop' AND request_id = 'r1' ORDER BY event_id"""))
			.extracting((row) -> tuple(row.get("status"), row.get("detail")))
			.containsExactly(tuple("queued", null), tuple("ingesting", null), tuple("ingesting", "HTTP 503"));
	}

}
