package io.safetykit.reconciler.safetykit;

import java.net.URI;

import io.safetykit.reconciler.exit.UsageException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where SafetyKit is and how to authenticate: {@code SAFETYKIT_API_KEY}, {@code SAFETYKIT_BASE_URL}.
 *
 * @param apiKey the bearer token; never logged, never stored
 * @param baseUrl the API's base URL; plain http only for loopback hosts
 */
@ConfigurationProperties("safetykit")
public record SafetyKitProperties(String apiKey, @DefaultValue("https://api.safetykit.com") URI baseUrl) {

	public SafetyKitProperties {
		TransportPolicy.requireAllowed(baseUrl, "SAFETYKIT_BASE_URL (safetykit.base-url)");
	}

	/** Checked when a command is about to call the API, so that commands which do not (report, enqueue) need no key. */
	public void requireApiKey() {
		if (this.apiKey == null || this.apiKey.isBlank()) {
			throw new UsageException("SAFETYKIT_API_KEY (safetykit.api-key) is not set: give the SafetyKit API key");
		}
	}

	@Override
	public String toString() {
		return "SafetyKitProperties[apiKey=<redacted>, baseUrl=" + this.baseUrl + "]";
	}

}
