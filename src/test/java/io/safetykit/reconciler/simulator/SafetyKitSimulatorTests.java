package io.safetykit.reconciler.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.safetykit.reconciler.simulator.Scenario.Malformation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SafetyKitSimulatorTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SafetyKitSimulator simulator;

	private SimulatorClient client;

	@BeforeEach
	void start() {
		simulator = SafetyKitSimulator.start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		client = new SimulatorClient(simulator);
	}

	@AfterEach
	void stop() {
		simulator.close();
	}

	@Test
	void answersUnregisteredRequestWithSucceededAddOfOneItemWithTwoLabels() {
		HttpResponse<String> response = client.status("products", "request_01");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length());
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("status").asString()).isEqualTo("succeeded");
		assertThat(body.get("namespace").asString()).isEqualTo("products");
		assertThat(body.get("request_id").asString()).isEqualTo("request_01");
		assertThat(body.get("data")).hasSize(1);
		JsonNode item = body.get("data").get(0);
		assertThat(item.get("id").asString()).isEqualTo("item-00001");
		assertThat(item.get("url").asString()).isEqualTo("https://example.com/items/1");
		assertThat(item.get("metadata").get("internal-ref").asString()).isEqualTo("ref-1");
		JsonNode labels = item.get("output").get("labels");
		assertThat(labels).hasSize(2);
		assertThat(labels.get(0).get("label").asString()).isEqualTo("illegal_drugs.violation");
		assertThat(labels.get(1).get("label").asString()).isEqualTo("hazardous.violation");
		assertThat(labels.get(0).get("confidence").isNumber()).isTrue();
		assertThat(simulator.statusCalls("products", "request_01")).isEqualTo(1);
		assertThat(simulator.totalStatusCalls()).isEqualTo(1);
	}

	@Test
	void advancesThroughStatusesOnePollAtATimeAndRepeatsTheLast() {
		simulator.register("products", "r1", Scenario.add(2, 1).withStatuses("queued", "ingesting", "succeeded"));

		List<String> statuses = new ArrayList<>();
		List<Integer> dataSizes = new ArrayList<>();
		for (int poll = 0; poll < 4; poll++) {
			JsonNode body = JSON.readTree(client.status("products", "r1").body());
			statuses.add(body.get("status").asString());
			dataSizes.add(body.get("data").size());
		}

		assertThat(statuses).containsExactly("queued", "ingesting", "succeeded", "succeeded");
		assertThat(dataSizes).containsExactly(0, 0, 2, 2);
		assertThat(simulator.statusCalls("products", "r1")).isEqualTo(4);
	}

	@Test
	void rejectsWrongApiKeyWith401() {
		HttpResponse<String> response = client.status("products", "r1", "wrong-key");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"error\":\"unauthorized\"}");
	}

	@Test
	void servesRegisteredFaultsBeforeTheAnswer() {
		simulator.register("products", "r1",
				Scenario.add(1, 2).withFaults(Fault.httpStatus(503, "1"), Fault.httpStatus(429, "Wed, 21 Oct 2015 07:28:00 GMT")));

		HttpResponse<String> first = client.status("products", "r1");
		HttpResponse<String> second = client.status("products", "r1");
		HttpResponse<String> third = client.status("products", "r1");

		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(second.statusCode()).isEqualTo(429);
		assertThat(second.headers().firstValue("Retry-After")).hasValue("Wed, 21 Oct 2015 07:28:00 GMT");
		assertThat(third.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(third.body()).get("status").asString()).isEqualTo("succeeded");
		assertThat(simulator.statusCalls("products", "r1")).isEqualTo(3);
	}

	@Test
	void dropsTheConnectionForAConnectionResetFault() {
		// Two resets: the JDK client silently retries a GET once when its connection drops.
		simulator.register("products", "r1",
				Scenario.add(1, 2).withFaults(Fault.connectionReset(), Fault.connectionReset()));

		assertThatThrownBy(() -> client.status("products", "r1")).isInstanceOf(UncheckedIOException.class);
		assertThat(simulator.statusCalls("products", "r1")).isEqualTo(2);
		assertThat(client.status("products", "r1").statusCode()).isEqualTo(200);
	}

	@Test
	void answersNothingWithinTheClientTimeoutForADelayFault() {
		simulator.register("products", "r1", Scenario.add(1, 2).withFaults(Fault.delay(Duration.ofSeconds(3))));

		HttpRequest request = HttpRequest.newBuilder(client.apiRequest(SimulatorClient.requestPath("products", "r1"),
				SimulatorClient.API_KEY), (name, value) -> true)
			.timeout(Duration.ofMillis(200))
			.build();

		assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
			.hasCauseInstanceOf(HttpTimeoutException.class);
		assertThat(client.status("products", "r1").statusCode()).isEqualTo(200);
	}

	@Test
	void answers404ForUnknownRequest() {
		simulator.register("products", "gone", Scenario.unknown());

		assertThat(client.status("products", "gone").statusCode()).isEqualTo(404);
		assertThat(client.status("products", "gone").statusCode()).isEqualTo(404);
	}

	@Test
	void answers404ForAnyOtherPath() {
		assertThat(client.get("/v1/data/products").statusCode()).isEqualTo(404);
		assertThat(client.get("/v2/anything").statusCode()).isEqualTo(404);
		assertThat(client.get("/files/products/r1.txt").statusCode()).isEqualTo(404);
	}

	@Test
	void answersFailedWithErrorSummary() {
		simulator.register("products", "r1", Scenario.failed("Upload was empty"));
		simulator.register("products", "r2", Scenario.add(1, 1).withStatuses("failed"));

		JsonNode first = JSON.readTree(client.status("products", "r1").body());
		JsonNode second = JSON.readTree(client.status("products", "r2").body());

		assertThat(first.get("status").asString()).isEqualTo("failed");
		assertThat(first.get("error_summary").asString()).isEqualTo("Upload was empty");
		assertThat(first.get("data")).isEmpty();
		assertThat(second.get("error_summary").asString()).isNotBlank();
	}

	@Test
	void answersImportShapeWithDataOnlyOnceSucceeded() {
		simulator.register("catalog", "imp", Scenario.importResult(5, 1).withStatuses("uploading", "succeeded"));

		JsonNode pending = JSON.readTree(client.status("catalog", "imp").body());
		JsonNode done = JSON.readTree(client.status("catalog", "imp").body());

		assertThat(pending.get("status").asString()).isEqualTo("uploading");
		assertThat(pending.get("data_url").isNull()).isTrue();
		assertThat(pending.get("data_count").isNull()).isTrue();
		assertThat(pending.get("data_expires_at").isNull()).isTrue();
		assertThat(done.get("data_count").asInt()).isEqualTo(5);
		assertThat(done.get("data_url").asString()).startsWith(simulator.baseUri() + "/files/catalog/imp.jsonl?");
		assertThat(done.get("data_expires_at").asString()).matches("20\\d\\d-.*Z");
	}

	@Test
	void answersBareShapeForPendingRequest() {
		simulator.register("products", "r1", Scenario.pending("queued"));

		assertThat(client.status("products", "r1").body())
			.isEqualTo("{\"namespace\":\"products\",\"request_id\":\"r1\",\"status\":\"queued\"}");
	}

	@Test
	void answers413ForTooLargeAndServesItsOutputThroughDownloadUrl() throws IOException {
		simulator.register("products", "big", Scenario.tooLarge(3, 2));

		HttpResponse<String> status = client.status("products", "big");
		HttpResponse<String> downloadUrl = client.downloadUrl("products", "big");

		assertThat(status.statusCode()).isEqualTo(413);
		assertThat(JSON.readTree(status.body()).get("error").asString()).isEqualTo("response_too_large");
		assertThat(downloadUrl.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(downloadUrl.body());
		assertThat(body.get("status").asString()).isEqualTo("succeeded");
		assertThat(body.get("data_count").asInt()).isEqualTo(3);
		assertThat(body.has("data")).isFalse();
		HttpResponse<InputStream> file = client.file(body.get("data_url").asString());
		assertThat(file.statusCode()).isEqualTo(200);
		try (InputStream in = file.body()) {
			assertThat(new String(in.readAllBytes()).lines()).hasSize(3);
		}
		assertThat(simulator.totalDownloadUrlCalls()).isEqualTo(1);
		assertThat(simulator.fileDownloads()).isEqualTo(1);
	}

	@Test
	void servesEachMalformation() {
		simulator.register("ns", "html", Scenario.malformed(Malformation.NOT_JSON));
		simulator.register("ns", "other-id", Scenario.malformed(Malformation.WRONG_REQUEST_ID));
		simulator.register("ns", "other-ns", Scenario.malformed(Malformation.WRONG_NAMESPACE));
		simulator.register("ns", "exploded", Scenario.malformed(Malformation.UNKNOWN_STATUS));
		simulator.register("ns", "no-status", Scenario.malformed(Malformation.MISSING_STATUS));
		simulator.register("ns", "no-id", Scenario.malformed(Malformation.ITEM_WITHOUT_ID));
		simulator.register("ns", "raw", Scenario.raw("{\"status\":\"succeeded\",\"surprise\":true}"));

		assertThat(client.status("ns", "html").body()).isEqualTo("<html>oops</html>");
		assertThat(JSON.readTree(client.status("ns", "other-id").body()).get("request_id").asString())
			.isNotEqualTo("other-id");
		assertThat(JSON.readTree(client.status("ns", "other-ns").body()).get("namespace").asString())
			.isNotEqualTo("ns");
		assertThat(JSON.readTree(client.status("ns", "exploded").body()).get("status").asString())
			.isEqualTo("exploded");
		assertThat(JSON.readTree(client.status("ns", "no-status").body()).has("status")).isFalse();
		assertThat(JSON.readTree(client.status("ns", "no-id").body()).get("data").get(0).has("id")).isFalse();
		assertThat(client.status("ns", "raw").body()).isEqualTo("{\"status\":\"succeeded\",\"surprise\":true}");
	}

	@Test
	void roundTripsIdsWithUnicodeSpacesSlashesAndPercentSigns() {
		String namespace = "prodüct s/ns";
		String requestId = "req 01/ünï+%2F😀\"\\";
		simulator.register(namespace, requestId, Scenario.add(1, 1).withStatuses("ingesting"));

		HttpResponse<String> response = client.status(namespace, requestId);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("namespace").asString()).isEqualTo(namespace);
		assertThat(body.get("request_id").asString()).isEqualTo(requestId);
		assertThat(body.get("status").asString()).isEqualTo("ingesting");
		assertThat(simulator.statusCalls(namespace, requestId)).isEqualTo(1);
	}

	@Test
	void givesEveryItemDistinctLabelsEvenBeyondTheFixedList() {
		simulator.register("products", "many", Scenario.add(3, 20));

		JsonNode data = JSON.readTree(client.status("products", "many").body()).get("data");

		for (JsonNode item : data) {
			List<String> labels = new ArrayList<>();
			item.get("output").get("labels").forEach((label) -> labels.add(label.get("label").asString()));
			assertThat(labels).hasSize(20).doesNotHaveDuplicates().allMatch((label) -> label.matches("[a-z_0-9]+\\.[a-z]+"));
		}
	}

}
