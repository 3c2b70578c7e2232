package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParametersParser;
import io.safetykit.reconciler.store.ClaimedRequest;
import io.safetykit.reconciler.store.LeaseLostException;
import io.safetykit.reconciler.store.RequestSelection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Paging and limits of the request source over a fake selection of sorted keys. */
class RequestSourceTests {

	private static final ClaimLease LEASE = new ClaimLease(7, Duration.ofMinutes(1), System.nanoTime());

	private final List<String> calls = new ArrayList<>();

	@Test
	void pagesByTheLastKeyItHandedOut() {
		RequestSource source = new RequestSource(selection(5), parameters(Map.of()), 7, LEASE);
		assertThat(ids(source.next(2))).containsExactly("r1", "r2");
		assertThat(ids(source.next(2))).containsExactly("r3", "r4");
		assertThat(ids(source.next(2))).containsExactly("r5");
		assertThat(source.next(2)).isEmpty();
		assertThat(source.next(2)).isEmpty();
		assertThat(this.calls).containsExactly("claim after / max 2 by 7", "claim after ns/r2 max 2 by 7",
				"claim after ns/r4 max 2 by 7", "claim after ns/r5 max 2 by 7");
	}

	@Test
	void stopsAtTheRunsLimit() {
		RequestSource source = new RequestSource(selection(10), parameters(Map.of("limit", "3")), 7, LEASE);
		assertThat(ids(source.next(2))).containsExactly("r1", "r2");
		assertThat(ids(source.next(2))).containsExactly("r3");
		assertThat(source.next(2)).isEmpty();
		assertThat(this.calls).containsExactly("claim after / max 2 by 7", "claim after ns/r2 max 1 by 7");
	}

	@Test
	void handsOutNothingOnceTheLeaseIsLost() {
		ClaimLease lease = new ClaimLease(7, Duration.ofMinutes(1), System.nanoTime());
		RequestSource source = new RequestSource(selection(5), parameters(Map.of()), 7, lease);
		lease.lose("renewals failed");
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> source.next(2));
		assertThat(this.calls).isEmpty();
	}

	@Test
	void startsAtTheRunsNamespaceAndOnlyPeeksInADryRun() {
		RequestSource source = new RequestSource(selection(1), parameters(Map.of("namespace", "ns", "dryRun", "true")),
				7, LEASE);
		assertThat(ids(source.next(5))).containsExactly("r1");
		assertThat(this.calls).containsExactly("peek after ns/ max 5");
	}

	private RequestSelection selection(int size) {
		List<ClaimedRequest> rows = new ArrayList<>();
		for (int i = 1; i <= size; i++) {
			rows.add(new ClaimedRequest("ns", "r" + i, null, "queued", 0, 0, 0));
		}
		return new RequestSelection(null) {

			@Override
			public List<ClaimedRequest> claim(RunParameters run, String afterNamespace, String afterRequestId,
					int batch, long executionId) {
				RequestSourceTests.this.calls.add("claim after " + afterNamespace + "/" + afterRequestId + " max "
						+ batch + " by " + executionId);
				return after(rows, afterNamespace, afterRequestId, batch);
			}

			@Override
			public List<ClaimedRequest> peek(RunParameters run, String afterNamespace, String afterRequestId,
					int batch) {
				RequestSourceTests.this.calls.add("peek after " + afterNamespace + "/" + afterRequestId + " max " + batch);
				return after(rows, afterNamespace, afterRequestId, batch);
			}

		};
	}

	private static List<ClaimedRequest> after(List<ClaimedRequest> rows, String namespace, String requestId,
			int batch) {
		return rows.stream()
			.filter((row) -> (row.namespace() + "/" + pad(row.requestId()))
				.compareTo(namespace + "/" + pad(requestId)) > 0)
			.limit(batch)
			.toList();
	}

	private static String pad(String requestId) {
		return String.format("%10s", requestId);
	}

	private static RunParameters parameters(Map<String, String> values) {
		return RunParametersParser.fromJobParameters(RunParametersParser.toJobParameters(values, Instant.EPOCH));
	}

	private static List<String> ids(List<ClaimedRequest> requests) {
		return requests.stream().map(ClaimedRequest::requestId).toList();
	}

}
