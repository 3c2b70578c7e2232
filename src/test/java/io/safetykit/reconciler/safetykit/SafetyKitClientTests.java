package io.safetykit.reconciler.safetykit;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.safetykit.reconciler.safetykit.ApiFailure.Malformed;
import io.safetykit.reconciler.safetykit.ApiFailure.NotFound;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.TooLarge;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.support.HttpStub;
import io.safetykit.reconciler.support.HttpStub.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SafetyKitClientTests {

	private static final String PATH = "/v1/data/products/requests/request_01KHSKHQSYJN4A5P7RRVEXHWE9";

	private final HttpStub stub = HttpStub.start();

	private final SafetyKitClient client = client(this.stub.baseUri(), 1024 * 1024);

	@AfterEach
	void stop() {
		this.stub.close();
	}

	@Test
	void sendsTheBearerKeyAndMapsBothReferenceShapes() throws Exception {
		this.stub.on(PATH, Answer.ok(new String(StatusResponseParserTests.fixture("add-output.json"))));
		this.stub.on(PATH + "/results/download-url",
				Answer.ok(new String(StatusResponseParserTests.fixture("import-output.json"))));
		StatusResponse add = this.client.getStatus("products", "request_01KHSKHQSYJN4A5P7RRVEXHWE9");
		ImportOutput download = this.client.getDownloadUrl("products", "request_01KHSKHQSYJN4A5P7RRVEXHWE9");
		assertThat(add).isInstanceOf(AddOutput.class);
		assertThat(download.dataCount()).isEqualTo(1200);
		assertThat(this.stub.seen()).extracting(HttpStub.Seen::authorization).containsOnly("Bearer test-key");
	}

	@Test
	void encodesNamespaceAndRequestIdAsPathSegments() throws Exception {
		String rawPath = "/v1/data/caf%C3%A9%20ns/requests/a%2Fb%3Fc%23d%25";
		this.stub.on(rawPath, Answer.ok("{\"namespace\":\"café ns\",\"request_id\":\"a/b?c#d%\",\"status\":\"queued\"}"));
		StatusResponse response = this.client.getStatus("café ns", "a/b?c#d%");
		assertThat(response.status()).isEqualTo(RequestStatus.QUEUED);
		assertThat(this.stub.count(rawPath)).isEqualTo(1);
	}

	@Test
	void classifiesEveryKindOfFailure() {
		assertFailure(Answer.status(401, "{}"), Rejected.class);
		assertFailure(Answer.status(403, "{}"), Rejected.class);
		assertFailure(Answer.status(404, "{}"), NotFound.class);
		assertFailure(Answer.status(413, "{}"), TooLarge.class);
		for (int status : new int[] { 429, 500, 502, 503, 504 }) {
			assertFailure(Answer.status(status, "{}"), Transient.class);
		}
		assertFailure(Answer.connectionReset(), Transient.class);
		assertFailure(Answer.cutShort(), Transient.class);
		assertFailure(Answer.ok("not json"), Malformed.class);
		assertFailure(Answer.status(302, "", Map.of("Location", "https://elsewhere.example.com/")), Malformed.class);
		assertFailure(Answer.status(400, "{}"), Malformed.class);
	}

	@Test
	void readsRetryAfterInSeconds() {
		this.stub.on(PATH, Answer.status(503, "{}", Map.of("Retry-After", "7")));
		Transient failure = (Transient) failureOf(this.client);
		assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void timesOutASlowAnswerAsTransient() {
		SafetyKitClient impatient = new SafetyKitClient(properties(this.stub.baseUri()), Duration.ofSeconds(2),
				Duration.ofMillis(200), 1024, new StatusResponseParser(JsonMapper.builder().build()), 2);
		this.stub.on(PATH, Answer.ok("{}").delayed(Duration.ofSeconds(2)));
		ApiFailure failure = failureOf(impatient);
		assertThat(failure).isInstanceOf(Transient.class);
		assertThat(failure.describe()).contains("timeout");
	}

	@Test
	void timesOutAnAnswerWhoseBodyStalls() {
		SafetyKitClient impatient = new SafetyKitClient(properties(this.stub.baseUri()), Duration.ofSeconds(2),
				Duration.ofMillis(300), 1024, new StatusResponseParser(JsonMapper.builder().build()), 2);
		this.stub.on(PATH, Answer.stalledBody());
		long start = System.nanoTime();
		ApiFailure failure = failureOf(impatient);
		assertThat(failure).isInstanceOf(Transient.class);
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
	}

	@Test
	void treatsAnAnswerOverTheSizeCapAsMalformed() {
		SafetyKitClient capped = client(this.stub.baseUri(), 2048);
		this.stub.on(PATH, Answer.ok("{\"namespace\":\"products\",\"padding\":\"" + "x".repeat(5000) + "\"}"));
		ApiFailure failure = failureOf(capped);
		assertThat(failure).isInstanceOf(Malformed.class);
		assertThat(failure.describe()).contains("max-response-size");
	}

	private void assertFailure(Answer answer, Class<? extends ApiFailure> expected) {
		this.stub.on(PATH, answer);
		assertThat(failureOf(this.client)).isInstanceOf(expected);
	}

	private static ApiFailure failureOf(SafetyKitClient client) {
		ApiFailureException ex = catchThrowableOfType(ApiFailureException.class,
				() -> client.getStatus("products", "request_01KHSKHQSYJN4A5P7RRVEXHWE9"));
		assertThat(ex).isNotNull();
		assertThat(ex.getMessage()).doesNotContain("test-key");
		return ex.failure();
	}

	static SafetyKitClient client(URI baseUri, long maxBytes) {
		return new SafetyKitClient(properties(baseUri), Duration.ofSeconds(2), Duration.ofSeconds(5), maxBytes,
				new StatusResponseParser(JsonMapper.builder().build()), 2);
	}

	private static SafetyKitProperties properties(URI baseUri) {
		return new SafetyKitProperties("test-key", baseUri);
	}

}
