package io.safetykit.reconciler.safetykit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathSegmentTests {

	@Test
	void keepsWhatAPathSegmentMayHold() {
		assertThat(PathSegment.encode("request_01KHS-K.x~y")).isEqualTo("request_01KHS-K.x~y");
		assertThat(PathSegment.encode("a:b@c!$&'()*+,;=")).isEqualTo("a:b@c!$&'()*+,;=");
	}

	@Test
	void encodesWhatWouldChangeThePathAsUtf8() {
		assertThat(PathSegment.encode("a/b")).isEqualTo("a%2Fb");
		assertThat(PathSegment.encode("100%")).isEqualTo("100%25");
		assertThat(PathSegment.encode("q?x#y")).isEqualTo("q%3Fx%23y");
		assertThat(PathSegment.encode("two words")).isEqualTo("two%20words");
		assertThat(PathSegment.encode("caf\u00e9")).isEqualTo("caf%C3%A9");
		assertThat(PathSegment.encode("\uD83D\uDE00")).isEqualTo("%F0%9F%98%80");
		assertThat(PathSegment.encode("\"<>\\^`{|}[]")).isEqualTo("%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D");
		assertThat(PathSegment.encode("")).isEmpty();
	}

}
