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
import io.safetykit.reconciler.store.SelectionCursor;
import io.safetykit.reconciler.store.SelectionPage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Paging and limits of the request source over a fake selection of sorted keys. */
class RequestSourceTests {

	private static final ClaimLease LEASE = new ClaimLease(7, Duration.ofMinutes(1), System.nanoTime());

	private final List<String> calls = new ArrayList<>();

	@Test
	void pagesByTheLastKeyItHandedOut() {
		RequestSource source = new RequestSource(selection(5), parameters(Map.of()), 7, LEASE, 0);
		assertThat(ids(source.next(2))).containsExactly("r1", "r2");
		assertThat(ids(source.next(2))).containsExactly("r3", "r4");
		assertThat(ids(source.next(2))).containsExactly("r5");
		assertThat(source.next(2)).isEmpty();
		assertThat(source.next(2)).isEmpty();
		assertThat(this.calls).containsExactly("claim after start max 2 by 7", "claim after ns/r2 max 2 by 7",
				"claim after ns/r4 max 2 by 7", "claim after ns/r5 max 2 by 7");
	}

	@Test
	void stopsAtTheRunsLimit() {
		RequestSource source = new RequestSource(selection(10), parameters(Map.of("limit", "3")), 7, LEASE, 0);
		assertThat(ids(source.next(2))).containsExactly("r1", "r2");
		assertThat(ids(source.next(2))).containsExactly("r3");
		assertThat(source.next(2)).isEmpty();
		assertThat(this.calls).containsExactly("claim after start max 2 by 7", "claim after ns/r2 max 1 by 7");
	}

	@Test
	void takesOnlyWhatIsLeftOfTheLimitAfterEarlierExecutions() {
		RequestSource restarted = new RequestSource(selection(10), parameters(Map.of("limit", "5")), 7, LEASE, 4);
		assertThat(ids(restarted.next(3))).containsExactly("r1");
		assertThat(restarted.next(3)).isEmpty();
		RequestSource spent = new RequestSource(selection(10), parameters(Map.of("limit", "5")), 8, LEASE, 6);
		assertThat(spent.next(3)).isEmpty();
		assertThat(this.calls).containsExactly("claim after start max 1 by 7");
	}

	@Test
	void handsOutNothingOnceTheLeaseIsLost() {
		ClaimLease lease = new ClaimLease(7, Duration.ofMinutes(1), System.nanoTime());
		RequestSource source = new RequestSource(selection(5), parameters(Map.of()), 7, lease, 0);
		lease.lose("renewals failed");
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> source.next(2));
		assertThat(this.calls).isEmpty();
	}

	@Test
	void onlyPeeksInADryRun() {
		RequestSource source = new RequestSource(selection(1), parameters(Map.of("namespace", "ns", "dryRun", "true")),
				7, LEASE, 0);
		assertThat(ids(source.next(5))).containsExactly("r1");
		assertThat(this.calls).containsExactly("peek after start max 5");
	}

	private RequestSelection selection(int size) {
		List<ClaimedRequest> rows = new ArrayList<>();
		for (int i = 1; i <= size; i++) {
			rows.add(new ClaimedRequest("ns", "r" + i, null, "queued", 0, 0, 0));
		}
		return new RequestSelection(null) {

			@Override
			public SelectionPage claim(RunParameters run, SelectionCursor after, int batch, long executionId) {
				RequestSourceTests.this.calls.add("claim after " + key(after) + " max " + batch + " by " + executionId);
				return after(rows, after, batch);
			}

			@Override
			public SelectionPage peek(RunParameters run, SelectionCursor after, int batch) {
				RequestSourceTests.this.calls.add("peek after " + key(after) + " max " + batch);
				return after(rows, after, batch);
			}

		};
	}

	private static SelectionPage after(List<ClaimedRequest> rows, SelectionCursor after, int batch) {
		List<ClaimedRequest> page = rows.stream()
			.filter((row) -> (after == null) || (row.namespace() + "/" + pad(row.requestId()))
				.compareTo(after.namespace() + "/" + pad(after.requestId())) > 0)
			.limit(batch)
			.toList();
		ClaimedRequest last = page.isEmpty() ? null : page.get(page.size() - 1);
		return new SelectionPage(page, (last != null) ? new SelectionCursor(Instant.EPOCH, last.namespace(),
				last.requestId()) : null);
	}

	private static String key(SelectionCursor after) {
		return (after != null) ? after.namespace() + "/" + after.requestId() : "start";
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
