package io.safetykit.reconciler.safetykit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void writesWhatItReadAsCompactJson() {
		String json = "{\"s\":\"a \\\"q\\\" \\\\ \\n\\t\\u0001 é 🍮\",\"n\":[1,-2.5,1.0E10,12345678901234567890],"
				+ "\"b\":true,\"z\":null,\"o\":{\"e\":{},\"a\":[]}}";
		JsonNode node = this.mapper.readTree(json);
		String written = JsonText.of(node);
		assertThat(this.mapper.readTree(written)).isEqualTo(node);
		assertThat(written).doesNotContain(" :").startsWith("{\"s\":");
	}

}
