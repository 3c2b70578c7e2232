package io.safetykit.reconciler.safetykit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.StatusOnly;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusResponseParserTests {

	private static final String NS = "products";

	private static final String ID = "request_01KHSKHQSYJN4A5P7RRVEXHWE9";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final StatusResponseParser parser = new StatusResponseParser(this.mapper);

	@Test
	void mapsTheReferenceAddExample() throws Exception {
		StatusResponse response = this.parser.parse(fixture("add-output.json"), NS, ID);
		assertThat(response).isInstanceOf(AddOutput.class);
		AddOutput add = (AddOutput) response;
		assertThat(add.status()).isEqualTo(RequestStatus.SUCCEEDED);
		assertThat(add.items()).hasSize(1);
		ResultItem item = add.items().get(0);
		assertThat(item.id()).isEqualTo("item-001");
		assertThat(item.url()).isEqualTo("https://app.safetykit.com/...");
		assertSameJson(item.metadataJson(), "{\"internal-ref\":\"bar\"}");
		assertSameJson(item.fieldsJson(), "{}");
		assertSameJson(item.actionsJson(), "[{}]");
		assertThat(item.labels()).extracting(ResultLabel::label)
			.containsExactly("illegal_drugs.violation", "hazardous.violation");
		assertSameJson(item.labels().get(0).attributesJson(), "{\"label\":\"illegal_drugs.violation\"}");
	}

	@Test
	void keepsObjectsAsTheyArrivedAndNamesTheItemInAProblem() throws Exception {
		String body = """
				{"namespace":"products","request_id":"r1","status":"succeeded","data":[
				 {"output":{"labels":["spam.violation", {"label":"x.y","confidence":"0.25","n":1.5e300}],
				   "fields":{ "a" : [1, 2.0, 1e131071, "\\\\u0000 is text", "\\ud83c\\udf6e"] },
				   "actions":null},
				  "metadata":"plain","id":7}]}""";
		AddOutput add = (AddOutput) this.parser.parse(bytes(body), NS, "r1");
		ResultItem item = add.items().get(0);
		assertThat(item.id()).isEqualTo("7");
		assertThat(item.fieldsJson()).isEqualTo("{ \"a\" : [1, 2.0, 1e131071, \"\\\\u0000 is text\", \"\\ud83c\\udf6e\"] }");
		assertThat(item.actionsJson()).isNull();
		assertThat(item.metadataJson()).isEqualTo("\"plain\"");
		assertThat(item.labels()).extracting(ResultLabel::label).containsExactly("spam.violation", "x.y");
		assertSameJson(item.labels().get(0).attributesJson(), "{\"label\":\"spam.violation\"}");
		assertThat(item.labels().get(1).attributesJson()).isEqualTo("{\"label\":\"x.y\",\"confidence\":\"0.25\",\"n\":1.5e300}");
		assertThat(item.labels().get(1).confidence()).isEqualTo(0.25);
		assertMalformed("""
				{"namespace":"products","request_id":"r1","status":"succeeded","data":[
				 {"output":{"labels":{"label":"x.y"}},"id":"late-id"}]}""", "item 'late-id' has labels that are not an array");
		AddOutput repeated = (AddOutput) this.parser.parse(bytes("""
				{"namespace":"products","request_id":"r1","status":"succeeded","data":[
				 {"id":"i","output":{"labels":[5],"labels":[{"label":"a.b"}]}}]}"""), NS, "r1");
		assertThat(repeated.items().get(0).labels()).extracting(ResultLabel::label).containsExactly("a.b");
	}

	@Test
	void refusesWhatPostgresqlCannotStore() {
		String prefix = "{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\",\"data\":[{\"id\":\"i\",";
		assertMalformed(prefix + "\"metadata\":{\"n\":1e1000000}}]}", "number PostgreSQL cannot store");
		assertMalformed(prefix + "\"metadata\":[0e-20000]}]}", "number PostgreSQL cannot store");
		assertMalformed(prefix + "\"output\":{\"labels\":[{\"label\":\"a\",\"confidence\":1e131072}]}}]}",
				"number PostgreSQL cannot store");
		assertMalformed(prefix + "\"metadata\":{\"s\":\"\\ud800\"}}]}", "unpaired surrogate");
		assertMalformed(prefix + "\"metadata\":{\"s\":\"\\udc00\\ud800\"}}]}", "unpaired surrogate");
		assertMalformed(prefix + "\"metadata\":{}}]} {}", "not JSON");
		assertThatThrownBy(() -> this.parser.parseItem("{\"id\":\"a\",\"fields\":\"\\uD83D\"}", "ns", "r"))
			.isInstanceOf(MalformedResponseException.class).hasMessageContaining("unpaired surrogate");
	}

	@Test
	void mapsTheImportShapeIgnoringUnknownFields() throws Exception {
		StatusResponse response = this.parser.parse(fixture("import-output.json"), NS, ID);
		assertThat(response).isInstanceOf(ImportOutput.class);
		ImportOutput result = (ImportOutput) response;
		assertThat(result.dataCount()).isEqualTo(1200);
		assertThat(result.dataExpiresAt()).isEqualTo(OffsetDateTime.parse("2026-12-01T10:00:00Z"));
		assertThat(result.dataUrl()).startsWith("https://files.example.com/");
		assertThat(result.toString()).doesNotContain("X-Amz-Signature").contains("<redacted>");
	}

	@Test
	void keepsConfidenceExplanationAndTheRawLabelObject() throws Exception {
		String body = """
				{"namespace":"products","request_id":"r1","status":"succeeded","error_summary":"partly flagged",
				 "data":[{"id":"i1","output":{"labels":[{"label":"spam.violation","confidence":0.87,
				 "explanation":"repeated links","model":"v3"}]}}]}""";
		AddOutput add = (AddOutput) this.parser.parse(bytes(body), NS, "r1");
		ResultLabel label = add.items().get(0).labels().get(0);
		assertThat(label.confidence()).isEqualTo(0.87);
		assertThat(label.explanation()).isEqualTo("repeated links");
		assertThat(label.attributesJson()).contains("\"model\":\"v3\"");
		assertThat(add.errorSummary()).isEqualTo("partly flagged");
	}

	@Test
	void collapsesDuplicateItemsAndLabels() throws Exception {
		String body = """
				{"namespace":"products","request_id":"r1","status":"succeeded","data":[
				 {"id":"i1","output":{"labels":[{"label":"a.x"},{"label":"a.x","confidence":0.5}]}},
				 {"id":"i2","output":null},
				 {"id":"i1","output":{"labels":[{"label":"b.y"},{"label":"b.y"}]},"url":"u"}]}""";
		AddOutput add = (AddOutput) this.parser.parse(bytes(body), NS, "r1");
		assertThat(add.items()).extracting(ResultItem::id).containsExactly("i2", "i1");
		assertThat(add.items().get(1).labels()).extracting(ResultLabel::label).containsExactly("b.y");
		assertThat(add.items().get(0).labels()).isEmpty();
		assertThat(add.items().get(0).fieldsJson()).isNull();
	}

	@Test
	void acceptsPendingAnswersWithoutOutput() throws Exception {
		StatusResponse pending = this.parser.parse(bytes("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"queued\"}"),
				NS, "r1");
		assertThat(pending).isInstanceOf(StatusOnly.class);
		StatusResponse addPending = this.parser.parse(
				bytes("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"ingesting\",\"data\":[]}"), NS, "r1");
		assertThat(addPending).isInstanceOf(AddOutput.class);
		StatusResponse importPending = this.parser.parse(bytes("""
				{"namespace":"products","request_id":"r1","status":"uploading","data_url":null,"data_count":null,
				 "data_expires_at":null}"""), NS, "r1");
		assertThat(importPending).isInstanceOf(ImportOutput.class);
	}

	@Test
	void tellsTheShapesApartWhenAnAnswerCarriesMembersOfBoth() throws Exception {
		String head = "{\"namespace\":\"products\",\"request_id\":\"r1\",";
		ImportOutput nullData = (ImportOutput) this.parser.parse(bytes(head
				+ "\"status\":\"succeeded\",\"data\":null,\"data_url\":\"https://x/f\",\"data_count\":2}"), NS, "r1");
		assertThat(nullData.dataUrl()).isEqualTo("https://x/f");
		assertThat(nullData.dataCount()).isEqualTo(2);
		assertThat(this.parser.parse(bytes(head + "\"status\":\"succeeded\",\"data\":[],\"data_url\":\"https://x/f\"}"),
				NS, "r1")).isInstanceOf(ImportOutput.class);
		assertThat(this.parser.parse(bytes(head + "\"status\":\"ingesting\",\"data\":null,\"data_url\":null}"), NS,
				"r1")).isInstanceOf(ImportOutput.class);
		assertThat(this.parser.parse(bytes(head + "\"status\":\"ingesting\",\"data\":[],\"data_url\":null}"), NS,
				"r1")).isInstanceOf(AddOutput.class);
		AddOutput items = (AddOutput) this.parser.parse(bytes(head
				+ "\"status\":\"succeeded\",\"data\":[{\"id\":\"a\"}],\"data_url\":\"https://x/f\"}"), NS, "r1");
		assertThat(items.items()).extracting(ResultItem::id).containsExactly("a");
		assertMalformed(head + "\"status\":\"succeeded\",\"data\":null,\"data_url\":null}", "data_url missing");
	}

	@Test
	void refusesItemKeysTooLongForAPostgresqlIndex() throws Exception {
		String head = "{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\",\"data\":[";
		String fits = "x".repeat(1200);
		AddOutput add = (AddOutput) this.parser.parse(bytes(head + "{\"id\":\"" + fits
				+ "\",\"output\":{\"labels\":[{\"label\":\"" + fits + "\"}]}}]}"), NS, "r1");
		assertThat(add.items()).hasSize(1);
		assertMalformed(head + "{\"id\":\"" + "x".repeat(2600) + "\"}]}", "its id makes a key of 2610 bytes");
		// two UTF-8 bytes a character: 1,300 characters of label are 2,600 bytes
		assertMalformed(head + "{\"id\":\"i\",\"output\":{\"labels\":[{\"label\":\"ok\"},{\"label\":\""
				+ "\u00e9".repeat(1300) + "\"}]}}]}", "its label");
		assertThatThrownBy(() -> this.parser.parseItem("{\"id\":\"" + "y".repeat(3000) + "\"}", "ns", "r"))
			.isInstanceOf(MalformedResponseException.class).hasMessageContaining("over the 2600 a PostgreSQL index holds");
	}

	@Test
	void refusesExpiryDatesPostgresqlCannotRead() {
		String head = "{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\","
				+ "\"data_url\":\"https://x/f\",\"data_expires_at\":";
		assertMalformed(head + "\"0000-01-01T00:00:00Z\"}", "data_expires_at is out of range");
		assertMalformed(head + "\"+10000-01-01T00:00:00Z\"}", "data_expires_at is out of range");
		assertMalformed(head + "\"tomorrow\"}", "not an ISO-8601 date-time");
	}

	@Test
	void refusesJsonThatIsNotUtf8() {
		String body = "{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"queued\"}";
		for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16)) {
			assertThatThrownBy(() -> this.parser.parse(body.getBytes(charset), NS, "r1"))
				.isInstanceOf(MalformedResponseException.class).hasMessageContaining("not UTF-8 JSON");
		}
	}

	@Test
	void rejectsMalformedAnswers() {
		assertMalformed("<html>oops</html>", "not JSON");
		assertMalformed("[1,2]", "not a JSON object");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"other\",\"status\":\"queued\"}", "request_id differs");
		assertMalformed("{\"namespace\":\"elsewhere\",\"request_id\":\"r1\",\"status\":\"queued\"}", "namespace differs");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"exploded\"}", "unknown status");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\"}", "status missing");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\",\"data\":[{\"output\":{}}]}",
				"no id");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\",\"data\":{}}",
				"not an array");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\",\"data_url\":null}",
				"data_url missing");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\"}", "without data");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\",\"data_count\":-1,"
				+ "\"data_url\":\"https://x\"}", "data_count");
		assertMalformed("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"succeeded\",\"data\":[{\"id\":\"a\\u0000b\"}]}",
				"NUL");
	}

	@Test
	void refusesAResultFileLineWithANulCharacter() {
		assertThatThrownBy(() -> this.parser.parseItem("{\"id\":\"a\\u0000b\"}", "ns", "r"))
			.isInstanceOf(MalformedResponseException.class).hasMessageContaining("NUL");
	}

	private void assertSameJson(String actual, String expected) {
		assertThat(this.mapper.readTree(actual)).isEqualTo(this.mapper.readTree(expected));
	}

	private void assertMalformed(String body, String reason) {
		assertThatThrownBy(() -> this.parser.parse(bytes(body), NS, "r1")).isInstanceOf(MalformedResponseException.class)
			.hasMessageContaining(reason);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] fixture(String name) throws IOException {
		try (InputStream in = StatusResponseParserTests.class.getResourceAsStream("/safetykit/" + name)) {
			return in.readAllBytes();
		}
	}

}
