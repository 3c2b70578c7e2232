package io.safetykit.reconciler.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.ForkedReconciler.Finished;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import io.safetykit.reconciler.support.PushedMetrics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the Grafana dashboard in {@code jobs/monitoring} query only metrics the job
 * emits, by the names and labels Prometheus gives them: read from the job's own registry after a
 * run, so that a renamed meter breaks this test rather than an alert.
 */
class MonitoredMetricsIntegrationTests extends JobIntegrationTestSupport {

	private static final Path MONITORING = Path.of("jobs", "monitoring");

	// the Pushgateway adds these to every group it holds, and the job and instance labels to every series
	private static final Set<String> PUSHGATEWAY_METRICS = Set.of("push_time_seconds", "push_failure_time_seconds");

	private static final Set<String> PUSHGATEWAY_LABELS = Set.of("job", "instance");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{([^}]*)})?(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

	@Autowired
	private PrometheusMeterRegistry registry;

	@Test
	void everyMetricTheRulesAndTheDashboardQueryIsOneTheJobEmits() throws Exception {
		enqueueAnAddAndAnUnknown("metrics-names");
		run("namespace=metrics-names");
		Map<String, Set<String>> emitted = emitted(this.registry.scrape());

		List<String> queries = new ArrayList<>(ruleExpressions());
		List<String> dashboard = dashboardExpressions();
		assertThat(dashboard).hasSizeGreaterThanOrEqualTo(8);
		queries.addAll(dashboard);
		Set<String> queried = new TreeSet<>();
		for (String query : queries) {
			for (Map.Entry<String, Set<String>> selector : selectors(query).entrySet()) {
				String name = selector.getKey();
				queried.add(name);
				if (PUSHGATEWAY_METRICS.contains(name)) {
					assertThat(PUSHGATEWAY_LABELS).as("labels of %s in %s", name, query).containsAll(selector.getValue());
					continue;
				}
				assertThat(emitted).as("the job emits %s (queried by %s)", name, query).containsKey(name);
				Set<String> labels = new TreeSet<>(emitted.get(name));
				labels.addAll(PUSHGATEWAY_LABELS);
				assertThat(labels).as("labels of %s in %s", name, query).containsAll(selector.getValue());
			}
		}
		assertThat(queried).contains("spring_batch_job_seconds_count", "safetykit_calls_seconds_count",
				"reconciler_errors_total", "push_time_seconds", "reconciler_requests_total");
	}

	@Test
	void pushesTheRunsMetricsToThePushgatewayWhenTheProcessEnds() throws Exception {
		enqueueAnAddAndAnUnknown("metrics-push");
		List<Push> pushes = new CopyOnWriteArrayList<>();
		HttpServer pushgateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		pushgateway.createContext("/", (exchange) -> {
			pushes.add(new Push(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestBody().readAllBytes()));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		pushgateway.start();
		Finished finished;
		try {
			finished = ForkedReconciler.run(Map.of("SAFETYKIT_API_KEY", API_KEY, "SAFETYKIT_BASE_URL",
					simulator.baseUri().toString(), "MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ENABLED", "true",
					"MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS",
					"127.0.0.1:" + pushgateway.getAddress().getPort()), "namespace=metrics-push");
		}
		finally {
			pushgateway.stop(0);
		}
		assertThat(finished.exitCode()).as(finished.output()).isZero();
		assertThat(pushes).as(finished.output()).isNotEmpty();
		Push last = pushes.get(pushes.size() - 1);
		// the last push replaces the job's group as the process ends, with this run's figures
		assertThat(last.method()).isEqualTo("PUT");
		assertThat(last.path()).isEqualTo("/metrics/job/safetykit-reconciler");
		assertThat(last.contentType()).startsWith("application/vnd.google.protobuf");
		assertThat(PushedMetrics.samples(last.body())).contains("reconciler_requests_total{result=\"succeeded\"} 1.0",
				"reconciler_requests_total{result=\"error\"} 1.0", "reconciler_errors_total{kind=\"not_found\"} 1.0",
				"reconciler_rows_written_total{table=\"item\"} 2.0",
				"reconciler_rows_written_total{table=\"item_label\"} 4.0", "reconciler_run_duration_seconds_count 1.0",
				"safetykit_calls_seconds_count{operation=\"status\",outcome=\"ok\"} 1.0",
				"safetykit_calls_seconds_count{operation=\"status\",outcome=\"not_found\"} 1.0",
				"spring_batch_job_seconds_count{error=\"none\",spring_batch_job_name=\"reconcileJob\","
						+ "spring_batch_job_status=\"COMPLETED\"} 1.0");
	}

	@Test
	void aPushgatewayOutOfReachIsOneLineAndTheRunCompletes() throws Exception {
		enqueueAnAddAndAnUnknown("metrics-unreachable");
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		Finished finished = ForkedReconciler.run(Map.of("SAFETYKIT_API_KEY", API_KEY, "SAFETYKIT_BASE_URL",
				simulator.baseUri().toString(), "MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ENABLED", "true",
				"MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS", "127.0.0.1:" + closedPort),
				"namespace=metrics-unreachable");
		assertThat(finished.exitCode()).as(finished.output()).isZero();
		// the push as the process ends, at least
		assertThat(finished.output()).contains("Pushing the metrics failed (")
			.contains("Check MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS")
			.doesNotContain("\tat ")
			.doesNotContain("Caused by");
		assertThat(succeeded("metrics-unreachable")).isEqualTo(1);
	}

	/** One request the Pushgateway stub received. */
	private record Push(String method, String path, String contentType, byte[] body) {
	}

	@Test
	void theDashboardReadsItsDataSourcesFromVariablesSoThatItImportsAsItIs() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
		Map<String, String> variables = new HashMap<>();
		dashboard.get("templating").get("list").forEach((variable) -> {
			assertThat(variable.get("type").asString()).isEqualTo("datasource");
			variables.put("${" + variable.get("name").asString() + "}", variable.get("query").asString());
		});
		assertThat(variables).containsValues("prometheus", "grafana-postgresql-datasource");
		int sqlPanels = 0;
		for (JsonNode panel : dashboard.get("panels")) {
			if (panel.get("type").asString().equals("row")) {
				continue;
			}
			JsonNode source = panel.get("datasource");
			assertThat(variables).as("panel %s", panel.get("title")).containsEntry(source.get("uid").asString(),
					source.get("type").asString());
			for (JsonNode target : panel.get("targets")) {
				assertThat(target.get("datasource")).isEqualTo(source);
				if (target.has("rawSql")) {
					sqlPanels++;
					assertThat(target.get("rawSql").asString()).contains("safetykit.");
				}
			}
		}
		assertThat(sqlPanels).isGreaterThanOrEqualTo(4);
	}

	/** Metric name → label names, as Prometheus would scrape them. */
	private static Map<String, Set<String>> emitted(String scrape) {
		Map<String, Set<String>> metrics = new HashMap<>();
		for (String line : scrape.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.find()) {
				continue;
			}
			Set<String> labels = metrics.computeIfAbsent(sample.group(1), (name) -> new TreeSet<>());
			if (sample.group(3) != null) {
				Matcher label = LABEL.matcher(sample.group(3));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
		}
		return metrics;
	}

	/** The metric names a PromQL expression selects, each with the label names it matches on. */
	private static Map<String, Set<String>> selectors(String expression) {
		String bare = RANGE.matcher(GROUPING.matcher(STRING.matcher(expression).replaceAll("\"\"")).replaceAll(""))
			.replaceAll("");
		Map<String, Set<String>> selectors = new HashMap<>();
		Matcher selector = SELECTOR.matcher(bare);
		while (selector.find()) {
			String name = selector.group(1);
			boolean function = selector.group(2) == null && selector.group(4) != null;
			if (function || KEYWORDS.contains(name)) {
				continue;
			}
			Set<String> labels = selectors.computeIfAbsent(name, (n) -> new TreeSet<>());
			if (selector.group(3) != null) {
				for (String matcher : selector.group(3).split(",")) {
					if (!matcher.isBlank()) {
						labels.add(matcher.split("[=!~]", 2)[0].trim());
					}
				}
			}
		}
		return selectors;
	}

	@SuppressWarnings("unchecked")
	private static List<String> ruleExpressions() throws IOException {
		try (InputStream in = Files.newInputStream(MONITORING.resolve("alerts.yml"))) {
			Map<String, Object> file = new Yaml().load(in);
			List<String> expressions = new ArrayList<>();
			for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
				for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
					expressions.add((String) rule.get("expr"));
				}
			}
			return expressions;
		}
	}

	private static List<String> dashboardExpressions() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				if (target.has("expr")) {
					expressions.add(target.get("expr").asString());
				}
			}
		}
		return expressions;
	}

	// a succeeded request and an erroring one: every series the rules and the dashboard read
	private void enqueueAnAddAndAnUnknown(String namespace) {
		simulator.register(namespace, "add", Scenario.add(2, 2));
		simulator.register(namespace, "ghost", Scenario.unknown());
		enqueue(namespace, "add");
		enqueue(namespace, "ghost");
	}

}
