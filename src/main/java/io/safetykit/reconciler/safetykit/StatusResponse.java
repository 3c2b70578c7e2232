package io.safetykit.reconciler.safetykit;

import java.time.OffsetDateTime;
import java.util.List;

/** A well-formed answer of the get-status operation: one of the API's two shapes, or a bare status. */
public sealed interface StatusResponse {

	String namespace();

	String requestId();

	RequestStatus status();

	/** Human-readable summary of what went wrong, or null. */
	String errorSummary();

	/** The Add shape: inline results, empty until the request has succeeded. */
	record AddOutput(String namespace, String requestId, RequestStatus status, String errorSummary,
			List<ResultItem> items) implements StatusResponse {
	}

	/**
	 * The Import shape: a link to the result file. The {@code data_*} fields are null until the
	 * request has succeeded. The link is a credential, hence the redacted {@link #toString()}.
	 */
	record ImportOutput(String namespace, String requestId, RequestStatus status, String errorSummary,
			Long dataCount, String dataUrl, OffsetDateTime dataExpiresAt) implements StatusResponse {

		@Override
		public String toString() {
			return "ImportOutput[namespace=" + this.namespace + ", requestId=" + this.requestId + ", status="
					+ this.status + ", dataCount=" + this.dataCount + ", dataUrl=<redacted>, dataExpiresAt="
					+ this.dataExpiresAt + "]";
		}

	}

	/** A pending answer that carries neither shape's fields, so the request's kind stays unknown. */
	record StatusOnly(String namespace, String requestId, RequestStatus status, String errorSummary)
			implements StatusResponse {
	}

}
