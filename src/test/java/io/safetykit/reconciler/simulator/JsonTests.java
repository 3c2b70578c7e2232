package io.safetykit.reconciler.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class JsonTests {

	@Test
	void escapesEveryCharacterThatWouldBreakAStringLiteral() {
		String value = "quote\" backslash\\ newline\n tab\t nul\u0000 bell\u0007 sep\u2028 ünï 😀";

		String literal = Json.string(new StringBuilder(), value).toString();

		assertThat(literal).doesNotContain("\n", "\u0000", "\u2028");
		assertThat(JsonMapper.builder().build().readTree(literal).asString()).isEqualTo(value);
	}

	@Test
	void writesNullForAMissingValue() {
		assertThat(Json.string(new StringBuilder(), null)).hasToString("null");
	}

}
