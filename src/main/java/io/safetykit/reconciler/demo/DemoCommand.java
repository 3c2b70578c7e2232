package io.safetykit.reconciler.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.demo.DemoRequests.DemoRequest;
import io.safetykit.reconciler.ops.Command;
import io.safetykit.reconciler.reconcile.ReconcileCommand;
import io.safetykit.reconciler.reconcile.RunResult;
import io.safetykit.reconciler.simulator.SafetyKitSimulator;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code demo}: seeds sample requests of every shape, runs the job against the simulator, and
 * prints the summary and a sample report. Rerunning it changes nothing that is already final.
 */
@Component
@Profile("demo")
public class DemoCommand implements Command {

	public static final String USAGE = "demo [job parameters]";

	private static final String SEED = """
			INSERT INTO safetykit.request (namespace, request_id) VALUES (?, ?) ON CONFLICT DO NOTHING
			""";

	private static final String STATUS_REPORT = """
			SELECT namespace, status, count(*) AS requests FROM safetykit.request
			WHERE request_id LIKE 'demo-%' GROUP BY namespace, status ORDER BY namespace, status
			""";

	private static final String LABEL_REPORT = """
			SELECT l.label, count(DISTINCT (l.namespace, l.request_id, l.item_id)) AS items
			FROM safetykit.item_label l WHERE l.request_id LIKE 'demo-%'
			GROUP BY l.label ORDER BY items DESC, l.label LIMIT 8
			""";

	private final SafetyKitSimulator simulator;

	private final JdbcTemplate jdbc;

	private final ReconcileCommand reconcile;

	DemoCommand(SafetyKitSimulator simulator, JdbcTemplate jdbc, ReconcileCommand reconcile) {
		this.simulator = simulator;
		this.jdbc = jdbc;
		this.reconcile = reconcile;
	}

	@Override
	public String name() {
		return "demo";
	}

	@Override
	public String usage() {
		return USAGE;
	}

	@Override
	public int run(List<String> arguments) throws Exception {
		List<DemoRequest> requests = DemoRequests.all();
		int seeded = 0;
		for (DemoRequest request : requests) {
			this.simulator.register(request.namespace(), request.requestId(), request.scenario());
			seeded += this.jdbc.update(SEED, request.namespace(), request.requestId());
		}
		PrintStream out = System.out;
		out.printf("%nDemo: simulator at %s, %d sample requests (%d new)%n%n", this.simulator.baseUri(), requests.size(),
				seeded);
		RunResult result = this.reconcile.launch(arguments);
		if (result.summary() != null) {
			out.printf("%nRun %d %s%n  %s%n", result.executionId(), result.status(), result.summary().toLogLine());
		}
		printTable(out, "Requests by namespace and status", this.jdbc.queryForList(STATUS_REPORT));
		printTable(out, "Most frequent labels (items)", this.jdbc.queryForList(LABEL_REPORT));
		return result.exitCode();
	}

	private static void printTable(PrintStream out, String title, List<Map<String, Object>> rows) {
		out.printf("%n%s%n", title);
		if (rows.isEmpty()) {
			out.println("  (none)");
			return;
		}
		out.println("  " + String.join(" | ", rows.get(0).keySet()));
		for (Map<String, Object> row : rows) {
			out.println("  " + String.join(" | ", row.values().stream().map(String::valueOf).toList()));
		}
	}

}
