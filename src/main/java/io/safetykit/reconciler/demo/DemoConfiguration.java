package io.safetykit.reconciler.demo;

import java.time.Duration;

import io.safetykit.reconciler.safetykit.SafetyKitProperties;
import io.safetykit.reconciler.simulator.SafetyKitSimulator;
import io.safetykit.reconciler.simulator.SimulatorSettings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/** The {@code demo} profile: the job talks to an in-process simulator instead of SafetyKit. */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoConfiguration {

	static final String DEMO_KEY = "demo-key";

	@Bean(destroyMethod = "close")
	SafetyKitSimulator safetyKitSimulator(@Value("${demo.latency:20ms}") Duration latency) {
		return SafetyKitSimulator.start(SimulatorSettings.defaults(DEMO_KEY).withLatency(latency));
	}

	@Bean
	@Primary
	SafetyKitProperties demoSafetyKitProperties(SafetyKitSimulator simulator) {
		return new SafetyKitProperties(DEMO_KEY, simulator.baseUri());
	}

}
