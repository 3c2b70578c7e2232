package io.safetykit.reconciler.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the simulator answers for one request: its output kind, the statuses of successive polls,
 * its items and the faults or malformations to serve instead of a well-formed answer.
 */
public record Scenario(Kind kind, List<String> statuses, int items, int labelsPerItem, String errorSummary,
		List<Fault> faults, boolean notFound, boolean tooLarge, Malformation malformation, String rawBody,
		boolean gzipFile, Set<Integer> malformedFileLines, int revisedEvery) {

	/** Which shape a 200 status answer has. */
	public enum Kind {

		/** Inline {@code data} array of items. */
		ADD,

		/** {@code data_count}, {@code data_expires_at} and {@code data_url} pointing at a result file. */
		IMPORT,

		/** Only {@code namespace}, {@code request_id} and {@code status}, as for a request still pending. */
		NONE

	}

	/** A way a 200 status answer is broken. */
	public enum Malformation {

		NONE, NOT_JSON, WRONG_REQUEST_ID, WRONG_NAMESPACE, UNKNOWN_STATUS, MISSING_STATUS, ITEM_WITHOUT_ID

	}

	public Scenario {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(malformation, "malformation");
		statuses = List.copyOf(statuses);
		if (statuses.isEmpty()) {
			throw new IllegalArgumentException("statuses must not be empty");
		}
		if (items < 0 || labelsPerItem < 0 || revisedEvery < 0) {
			throw new IllegalArgumentException("items, labelsPerItem and revisedEvery must not be negative");
		}
		faults = List.copyOf(faults);
		malformedFileLines = Set.copyOf(malformedFileLines);
	}

	/** A succeeded Add request with {@code items} inline items of {@code labelsPerItem} labels each. */
	public static Scenario add(int items, int labelsPerItem) {
		return new Scenario(Kind.ADD, List.of("succeeded"), items, labelsPerItem, null, List.of(), false, false,
				Malformation.NONE, null, false, Set.of(), 0);
	}

	/** A succeeded Import request whose result file holds {@code items} lines. */
	public static Scenario importResult(int items, int labelsPerItem) {
		return add(items, labelsPerItem).withKind(Kind.IMPORT);
	}

	/** A request that answers only its status, e.g. {@code pending("queued", "ingesting")}. */
	public static Scenario pending(String... statuses) {
		return add(0, 0).withKind(Kind.NONE).withStatuses(statuses);
	}

	/** A failed Add request carrying {@code error_summary}. */
	public static Scenario failed(String errorSummary) {
		return add(0, 0).withStatuses("failed").withErrorSummary(errorSummary);
	}

	/** A request SafetyKit does not know: every status call answers 404. */
	public static Scenario unknown() {
		return add(0, 0).withNotFound(true);
	}

	/** A request whose status call answers 413; its output is only reachable through the download-url call. */
	public static Scenario tooLarge(int items, int labelsPerItem) {
		return add(items, labelsPerItem).withTooLarge(true);
	}

	/** A succeeded Add request of one item whose 200 answers are broken as {@code malformation} says. */
	public static Scenario malformed(Malformation malformation) {
		return add(1, 2).withMalformation(malformation);
	}

	/** A request whose status call answers 200 with exactly {@code body}. */
	public static Scenario raw(String body) {
		return add(0, 0).withRawBody(body);
	}

	public Scenario withKind(Kind kind) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	/** Statuses answered on successive polls; the last one repeats forever. */
	public Scenario withStatuses(String... statuses) {
		return new Scenario(kind, List.of(statuses), items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	public Scenario withItems(int items) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	public Scenario withLabelsPerItem(int labelsPerItem) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	public Scenario withErrorSummary(String errorSummary) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	/** Faults answered, one per call, on the first status calls before the normal answers begin. */
	public Scenario withFaults(Fault... faults) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, List.of(faults), notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	/** Both operations answer 404; with {@link #withTooLarge}, only download-url does (status answers 413). */
	public Scenario withNotFound(boolean notFound) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	public Scenario withTooLarge(boolean tooLarge) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	public Scenario withMalformation(Malformation malformation) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	public Scenario withRawBody(String rawBody) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	public Scenario withGzipFile(boolean gzipFile) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	/** 1-based line numbers of the result file that are replaced with {@code {not json}. */
	public Scenario withMalformedFileLines(Integer... lineNumbers) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, Set.copyOf(Arrays.asList(lineNumbers)), revisedEvery);
	}

	/**
	 * Every n-th item (n = {@code revisedEvery}, 0 for none) answers a revised decision: its labels
	 * shifted by one, with other confidences and explanations. A re-fetch that finds 1 item in n changed.
	 */
	public Scenario withRevisedEvery(int revisedEvery) {
		return new Scenario(kind, statuses, items, labelsPerItem, errorSummary, faults, notFound, tooLarge,
				malformation, rawBody, gzipFile, malformedFileLines, revisedEvery);
	}

	boolean revises(int itemNumber) {
		return revisedEvery > 0 && itemNumber % revisedEvery == 0;
	}

	/** The status of the {@code answer}-th normal answer (1-based), the last status repeating. */
	String statusAt(int answer) {
		return statuses.get(Math.min(Math.max(answer, 1), statuses.size()) - 1);
	}

}
