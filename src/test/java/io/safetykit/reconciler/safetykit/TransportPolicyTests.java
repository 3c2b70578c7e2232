package io.safetykit.reconciler.safetykit;

import java.net.URI;

import io.safetykit.reconciler.exit.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportPolicyTests {

	@Test
	void allowsHttpsAnywhereAndPlainHttpOnlyToLoopback() {
		assertThat(TransportPolicy.isAllowed(URI.create("https://api.safetykit.com"))).isTrue();
		assertThat(TransportPolicy.isAllowed(URI.create("http://localhost:8080"))).isTrue();
		assertThat(TransportPolicy.isAllowed(URI.create("http://127.0.0.1:8080/x"))).isTrue();
		assertThat(TransportPolicy.isAllowed(URI.create("http://[::1]:8080/x"))).isTrue();
		assertThat(TransportPolicy.isAllowed(URI.create("http://api.safetykit.com"))).isFalse();
		assertThat(TransportPolicy.isAllowed(URI.create("http://10.0.0.7"))).isFalse();
		assertThat(TransportPolicy.isAllowed(URI.create("http://localhost.evil.example"))).isFalse();
		assertThat(TransportPolicy.isAllowed(URI.create("ftp://127.0.0.1/file"))).isFalse();
		assertThat(TransportPolicy.isAllowed(URI.create("/relative"))).isFalse();
	}

	@Test
	void namesTheSettingButNotTheUrl() {
		assertThatThrownBy(() -> TransportPolicy.requireAllowed(URI.create("http://secret.example/?sig=abc"), "X_URL"))
			.isInstanceOf(UsageException.class).hasMessageContaining("X_URL").hasMessageNotContaining("sig=abc");
	}

}
