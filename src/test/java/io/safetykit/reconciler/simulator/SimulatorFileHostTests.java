package io.safetykit.reconciler.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulatorFileHostTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SafetyKitSimulator simulator;

	private SimulatorClient client;

	@AfterEach
	void stop() {
		simulator.close();
	}

	@Test
	void servesOneParsableJsonLinePerItem() throws IOException {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		simulator.register("catalog", "imp", Scenario.importResult(25, 3));

		HttpResponse<InputStream> file = client.file(dataUrl("catalog", "imp"));

		assertThat(file.statusCode()).isEqualTo(200);
		List<String> lines = readLines(file.body());
		assertThat(lines).hasSize(25);
		JsonNode first = JSON.readTree(lines.get(0));
		assertThat(first.get("id").asString()).isEqualTo("item-00001");
		assertThat(first.get("output").get("labels")).hasSize(3);
		assertThat(JSON.readTree(lines.get(24)).get("id").asString()).isEqualTo("item-00025");
		assertThat(simulator.fileDownloads()).isEqualTo(1);
		assertThat(simulator.authorizationHeadersSeenByFileHost()).isZero();
	}

	@Test
	void servesTheSameLinesAsInlineAddItems() throws IOException {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		simulator.register("catalog", "inline", Scenario.add(2, 2));
		simulator.register("catalog", "file", Scenario.importResult(2, 2));

		JsonNode inline = JSON.readTree(client.status("catalog", "inline").body()).get("data");
		List<String> lines = readLines(client.file(dataUrl("catalog", "file")).body());

		assertThat(JSON.readTree(lines.get(0))).isEqualTo(inline.get(0));
		assertThat(JSON.readTree(lines.get(1))).isEqualTo(inline.get(1));
	}

	@Test
	void servesGzipFileThatDecompressesToTheSameLines() throws IOException {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		simulator.register("catalog", "plain", Scenario.importResult(40, 2));
		simulator.register("catalog", "zipped", Scenario.importResult(40, 2).withGzipFile(true));

		List<String> plain = readLines(client.file(dataUrl("catalog", "plain")).body());
		String zippedUrl = dataUrl("catalog", "zipped");
		HttpResponse<InputStream> zipped = client.file(zippedUrl);

		assertThat(zippedUrl).contains("/files/catalog/zipped.jsonl.gz?");
		assertThat(zipped.headers().firstValue("Content-Type")).hasValue("application/gzip");
		assertThat(readLines(new GZIPInputStream(zipped.body()))).isEqualTo(plain);
	}

	@Test
	void replacesChosenLinesWithBrokenJson() throws IOException {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		simulator.register("catalog", "imp", Scenario.importResult(4, 1).withMalformedFileLines(2, 4));

		List<String> lines = readLines(client.file(dataUrl("catalog", "imp")).body());

		assertThat(lines).hasSize(4);
		assertThat(lines.get(1)).isEqualTo("{not json");
		assertThat(lines.get(3)).isEqualTo("{not json");
		assertThat(JSON.readTree(lines.get(2)).get("id").asString()).isEqualTo("item-00003");
	}

	@Test
	void refusesTamperedLink() {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		simulator.register("catalog", "imp", Scenario.importResult(1, 1));
		String url = dataUrl("catalog", "imp");
		char last = url.charAt(url.length() - 1);

		String tampered = url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0');
		String otherRequest = url.replace("/imp.jsonl", "/imp2.jsonl");
		String unsigned = url.substring(0, url.indexOf('?'));

		assertThat(client.file(tampered).statusCode()).isEqualTo(403);
		assertThat(client.file(otherRequest).statusCode()).isEqualTo(403);
		assertThat(client.file(unsigned).statusCode()).isEqualTo(403);
		assertThat(simulator.fileDownloads()).isZero();
	}

	@Test
	void refusesExpiredLink() {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY).withLinkTtl(Duration.ofSeconds(-10)));
		simulator.register("catalog", "imp", Scenario.importResult(1, 1));

		assertThat(client.file(dataUrl("catalog", "imp")).statusCode()).isEqualTo(403);
	}

	@Test
	void expiresLinksAfterTheConfiguredTtl() {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY).withLinkTtl(Duration.ofMinutes(10)));
		simulator.register("catalog", "imp", Scenario.importResult(1, 1));
		long before = System.currentTimeMillis() / 1000;

		JsonNode body = JSON.readTree(client.status("catalog", "imp").body());

		long expires = Instant.parse(body.get("data_expires_at").asString()).getEpochSecond();
		assertThat(expires).isBetween(before + 600, before + 602);
		assertThat(body.get("data_url").asString()).contains("expires=" + expires);
	}

	@Test
	void countsAuthorizationHeadersSentToTheFileHost() throws IOException {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		simulator.register("catalog", "imp", Scenario.importResult(3, 1));

		HttpResponse<InputStream> file = client.file(dataUrl("catalog", "imp"), "Bearer " + SimulatorClient.API_KEY);

		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(readLines(file.body())).hasSize(3);
		assertThat(simulator.authorizationHeadersSeenByFileHost()).isEqualTo(1);
	}

	@Test
	void servesFileOfRequestWithUnicodeSpacesAndSlashesInItsId() throws IOException {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		String namespace = "catalog ü";
		String requestId = "imp/2024 😀+%";
		simulator.register(namespace, requestId, Scenario.importResult(2, 1).withGzipFile(true));

		HttpResponse<InputStream> file = client.file(dataUrl(namespace, requestId));

		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(readLines(new GZIPInputStream(file.body()))).hasSize(2);
	}

	@Test
	void streamsAHundredThousandLines() throws IOException {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));
		simulator.register("catalog", "huge", Scenario.importResult(100_000, 2));

		HttpResponse<InputStream> file = client.file(dataUrl("catalog", "huge"));

		assertThat(file.headers().firstValue("Content-Length")).isEmpty();
		long lines = 0;
		String last = null;
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.body(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lines++;
				last = line;
			}
		}
		assertThat(lines).isEqualTo(100_000);
		assertThat(JSON.readTree(last).get("id").asString()).isEqualTo("item-100000");
	}

	@Test
	void answersDownloadUrlInImportShapeForAnAddRequest() {
		start(SimulatorSettings.defaults(SimulatorClient.API_KEY));

		JsonNode body = JSON.readTree(client.downloadUrl("products", "unregistered").body());

		assertThat(body.get("status").asString()).isEqualTo("succeeded");
		assertThat(body.get("data_count").asInt()).isEqualTo(1);
		assertThat(body.get("data_url").asString()).contains("/files/products/unregistered.jsonl?");
		assertThat(simulator.totalDownloadUrlCalls()).isEqualTo(1);
		assertThat(simulator.totalStatusCalls()).isZero();
	}

	private void start(SimulatorSettings settings) {
		simulator = SafetyKitSimulator.start(settings);
		client = new SimulatorClient(simulator);
	}

	private String dataUrl(String namespace, String requestId) {
		JsonNode body = JSON.readTree(client.downloadUrl(namespace, requestId).body());
		return body.get("data_url").asString();
	}

	private static List<String> readLines(InputStream in) throws IOException {
		try (in) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(text).endsWith("\n");
			return text.lines().toList();
		}
	}

}
