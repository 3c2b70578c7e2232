package io.safetykit.reconciler.reconcile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Writes a run's summary as JSON to {@code reconciler.summary-file}, for a scheduler or a person. */
@Component
class SummaryFile {

	private static final Logger logger = LoggerFactory.getLogger(SummaryFile.class);

	private final JsonMapper jsonMapper;

	private final ReconcilerProperties properties;

	SummaryFile(JsonMapper jsonMapper, ReconcilerProperties properties) {
		this.jsonMapper = jsonMapper;
		this.properties = properties;
	}

	void write(RunResult result) {
		String file = this.properties.summaryFile();
		if (file == null || file.isBlank() || result.summary() == null) {
			return;
		}
		RunSummary summary = result.summary();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("jobExecutionId", result.executionId());
		json.put("status", result.status().name());
		json.put("exitCode", result.exitCode());
		json.put("dryRun", summary.dryRun());
		json.put("polled", summary.polled());
		json.put("succeeded", summary.succeeded());
		json.put("failed", summary.failed());
		json.put("stillPending", summary.stillPending());
		json.put("errors", summary.errors());
		json.put("skipped", summary.skipped());
		json.put("leftToOtherRuns", summary.leftToOtherRuns());
		json.put("errorsByKind", summary.errorsByKind());
		json.put("itemsWritten", summary.itemsWritten());
		json.put("labelsWritten", summary.labelsWritten());
		json.put("importResults", summary.importResults());
		json.put("filesLoaded", summary.filesLoaded());
		json.put("fileLines", summary.fileLines());
		json.put("calls", summary.calls());
		json.put("retries", summary.retries());
		json.put("durationSeconds", summary.duration().toMillis() / 1000.0);
		json.put("callsPerSecond", Math.round(summary.callsPerSecond() * 10) / 10.0);
		try {
			Path target = Path.of(file);
			Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".summary", ".json");
			Files.writeString(temporary, this.jsonMapper.writerWithDefaultPrettyPrinter().writeValueAsString(json));
			// a reader never sees half a file
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not write the summary to {} (reconciler.summary-file): {}", file, ex.getMessage());
		}
	}

}
