package io.safetykit.reconciler.safetykit;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.StatusOnly;
import io.safetykit.reconciler.safetykit.AnswerReader.Answer;
import io.safetykit.reconciler.safetykit.AnswerReader.Member;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a 200 body into a {@link StatusResponse}, or says why it cannot be trusted. Fields not
 * listed in the API reference are ignored.
 */
public final class StatusResponseParser {

	private final AnswerReader reader;

	public StatusResponseParser(JsonMapper mapper) {
		this.reader = new AnswerReader(mapper);
	}

	/** Parses an answer to the status or download-url operation for the request asked about. */
	public StatusResponse parse(byte[] body, String namespace, String requestId) throws MalformedResponseException {
		Answer answer = readAnswerFor(body, namespace, requestId);
		RequestStatus status = status(answer.status());
		String errorSummary = errorSummary(answer.errorSummary());
		if (isImport(answer)) {
			return importOutput(answer, namespace, requestId, status, errorSummary);
		}
		if (answer.data() != null) {
			return new AddOutput(namespace, requestId, status, errorSummary,
					items(answer, status, namespace, requestId));
		}
		if (status == RequestStatus.SUCCEEDED) {
			throw new MalformedResponseException("succeeded without data or data_url");
		}
		return new StatusOnly(namespace, requestId, status, errorSummary);
	}

	/**
	 * Which shape an answer has when it carries members of both (each may carry fields the other
	 * lists): items in {@code data} make it an Add; otherwise a {@code data_*} value, or {@code data_*}
	 * members beside a {@code data} that is null or absent, make it an Import. An empty {@code data}
	 * array beside null {@code data_*} members stays an Add, the shape that lists {@code data}.
	 */
	private static boolean isImport(Answer answer) {
		if (answer.hasItems()) {
			return false;
		}
		return answer.hasImportValues()
				|| (answer.hasImportMembers() && answer.data() != JsonToken.START_ARRAY);
	}

	/** Parses an answer that must have the Import shape (the download-url operation). */
	public ImportOutput parseImport(byte[] body, String namespace, String requestId) throws MalformedResponseException {
		Answer answer = readAnswerFor(body, namespace, requestId);
		RequestStatus status = status(answer.status());
		return importOutput(answer, namespace, requestId, status, errorSummary(answer.errorSummary()));
	}

	/** Parses one line of the result file of the request {@code namespace}/{@code requestId}. */
	public ResultItem parseItem(String line, String namespace, String requestId) throws MalformedResponseException {
		ResultItem item = this.reader.readItem(line.getBytes(StandardCharsets.UTF_8));
		StorableKeys.check(namespace, requestId, item);
		return item;
	}

	/** Reads an answer and checks that it is about the request asked for. */
	private Answer readAnswerFor(byte[] body, String namespace, String requestId) throws MalformedResponseException {
		Answer answer = this.reader.readAnswer(body);
		requireEqual(answer.namespace(), "namespace", namespace);
		requireEqual(answer.requestId(), "request_id", requestId);
		return answer;
	}

	private static void requireEqual(Member value, String field, String expected) throws MalformedResponseException {
		if (value == null || value.isNull()) {
			throw new MalformedResponseException(field + " missing");
		}
		if (!value.isString() || !value.text().equals(expected)) {
			throw new MalformedResponseException(field + " differs from the one asked for");
		}
	}

	private static RequestStatus status(Member value) throws MalformedResponseException {
		if (value == null || value.isNull()) {
			throw new MalformedResponseException("status missing");
		}
		String text = value.text();
		return RequestStatus.fromWire(text)
			.orElseThrow(() -> new MalformedResponseException("unknown status '" + abbreviate(text) + "'"));
	}

	private static String errorSummary(Member value) {
		return (value == null) ? null : value.text();
	}

	private static List<ResultItem> items(Answer answer, RequestStatus status, String namespace, String requestId)
			throws MalformedResponseException {
		if (answer.data() == JsonToken.VALUE_NULL) {
			if (status == RequestStatus.SUCCEEDED) {
				throw new MalformedResponseException("data missing on a succeeded request");
			}
			return List.of();
		}
		if (answer.data() != JsonToken.START_ARRAY) {
			throw new MalformedResponseException("data is not an array");
		}
		for (ResultItem item : answer.items()) {
			StorableKeys.check(namespace, requestId, item);
		}
		return answer.items();
	}

	private static ImportOutput importOutput(Answer answer, String namespace, String requestId, RequestStatus status,
			String errorSummary) throws MalformedResponseException {
		Long count = null;
		Member countValue = answer.dataCount();
		if (countValue != null && !countValue.isNull()) {
			count = nonNegativeLong(countValue);
		}
		String url = null;
		Member urlValue = answer.dataUrl();
		if (urlValue != null && !urlValue.isNull()) {
			if (!urlValue.isString() || urlValue.text().isBlank()) {
				throw new MalformedResponseException("data_url is not a string");
			}
			url = urlValue.text();
		}
		OffsetDateTime expires = null;
		Member expiresValue = answer.dataExpiresAt();
		if (expiresValue != null && !expiresValue.isNull()) {
			try {
				expires = OffsetDateTime.parse(expiresValue.text());
			}
			catch (DateTimeParseException ex) {
				throw new MalformedResponseException("data_expires_at is not an ISO-8601 date-time");
			}
			// what PostgreSQL reads back from the ISO text the writer sends (no year 0, no sign)
			if (expires.getYear() < 1 || expires.getYear() > 9999) {
				throw new MalformedResponseException("data_expires_at is out of range");
			}
		}
		if (status == RequestStatus.SUCCEEDED && url == null) {
			throw new MalformedResponseException("data_url missing on a succeeded import");
		}
		return new ImportOutput(namespace, requestId, status, errorSummary, count, url, expires);
	}

	private static long nonNegativeLong(Member value) throws MalformedResponseException {
		if (value.token() == JsonToken.VALUE_NUMBER_INT) {
			try {
				long count = Long.parseLong(value.text());
				if (count >= 0) {
					return count;
				}
			}
			catch (NumberFormatException ex) {
				// beyond a long
			}
		}
		throw new MalformedResponseException("data_count is not a non-negative integer");
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
