package io.safetykit.reconciler.enqueue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import io.safetykit.reconciler.enqueue.EnqueueFile.EnqueueLine;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Inserts requests a batch at a time, leaving those already present untouched. */
@Component
class RequestInserts {

	/**
	 * No conflict target: the primary key is the table's only unique constraint, and naming it would
	 * need SELECT on its columns, which the writer role (INSERT only) does not have. Duplicates within
	 * one batch are fine with DO NOTHING.
	 */
	private static final String INSERT_REQUESTS = """
			INSERT INTO safetykit.request (namespace, request_id, kind)
			SELECT v.namespace, v.request_id, v.kind
			FROM unnest(?::text[], ?::text[], ?::text[]) AS v(namespace, request_id, kind)
			ON CONFLICT DO NOTHING
			""";

	private final JdbcTemplate jdbc;

	RequestInserts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Returns how many of the lines were new. */
	int insert(List<EnqueueLine> lines) {
		return this.jdbc.update((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement(INSERT_REQUESTS);
			statement.setArray(1, connection.createArrayOf("text",
					lines.stream().map(EnqueueLine::namespace).toArray()));
			statement.setArray(2, connection.createArrayOf("text",
					lines.stream().map(EnqueueLine::requestId).toArray()));
			statement.setArray(3, connection.createArrayOf("text", lines.stream().map(EnqueueLine::kind).toArray()));
			return statement;
		});
	}

}
