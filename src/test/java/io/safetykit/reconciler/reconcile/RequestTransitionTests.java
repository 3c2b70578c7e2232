package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.List;

import io.safetykit.reconciler.reconcile.FetchOutcome.Answered;
import io.safetykit.reconciler.reconcile.FetchOutcome.Failed;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.safetykit.ApiFailure;
import io.safetykit.reconciler.safetykit.RequestStatus;
import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.StatusOnly;
import io.safetykit.reconciler.store.ChunkWrite;
import io.safetykit.reconciler.store.ClaimedRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTransitionTests {

	private final RequestTransition transition = new RequestTransition(3, Duration.ofMinutes(1), Duration.ofHours(1));

	@Test
	void backsOffPendingPollsExponentiallyUpToTheCap() {
		assertThat(this.transition.delayMillis(1)).isEqualTo(60_000);
		assertThat(this.transition.delayMillis(2)).isEqualTo(120_000);
		assertThat(this.transition.delayMillis(6)).isEqualTo(1_920_000);
		assertThat(this.transition.delayMillis(7)).isEqualTo(3_600_000);
		assertThat(this.transition.delayMillis(10_000)).isEqualTo(3_600_000);
	}

	@Test
	void recordsAnEventForAPendingAnswerOnlyWhenTheStatusChanged() {
		ChunkWrite same = apply(Answered.of(request("queued", 0), pending(RequestStatus.QUEUED), false, 1L));
		assertThat(same.events()).isEmpty();
		assertThat(same.answered().get(0).nextPollMillis()).isEqualTo(60_000);
		ChunkWrite changed = apply(Answered.of(request("queued", 0), pending(RequestStatus.INGESTING), false, 1L));
		assertThat(changed.events()).extracting(ChunkWrite.Event::status).containsExactly("ingesting");
	}

	@Test
	void marksARequestFailedOnlyAtTheNotFoundLimit() {
		ChunkWrite second = apply(new Failed(request("queued", 1), new ApiFailure.NotFound()));
		assertThat(second.errored().get(0).markFailed()).isFalse();
		ChunkWrite third = apply(new Failed(request("queued", 2), new ApiFailure.NotFound()));
		assertThat(third.errored().get(0).markFailed()).isTrue();
		assertThat(third.errored().get(0).lastError()).contains("unknown to SafetyKit");
	}

	@Test
	void neverTakesAFinishedRequestBackToPendingOrFailed() {
		ChunkWrite pendingAgain = apply(Answered.of(request("succeeded", 0), pending(RequestStatus.QUEUED), false, 1L));
		assertThat(pendingAgain.answered()).isEmpty();
		assertThat(pendingAgain.errored().get(0).lastError()).contains("kept as it was");
		ChunkWrite gone = apply(new Failed(request("succeeded", 5), new ApiFailure.NotFound()));
		assertThat(gone.errored().get(0).markFailed()).isFalse();
		assertThat(gone.errored().get(0).nextPollMillis()).isNull();
	}

	@Test
	void replacesItemsOfATerminalAddAnswer() {
		ChunkWrite chunk = apply(Answered.of(request("ingesting", 0),
				new AddOutput("ns", "r", RequestStatus.SUCCEEDED, null, List.of()), false, 1L));
		assertThat(chunk.items()).hasSize(1);
		assertThat(chunk.answered().get(0).terminal()).isTrue();
		assertThat(chunk.answered().get(0).kind()).isEqualTo("add");
	}

	private ChunkWrite apply(FetchOutcome outcome) {
		ChunkWrite chunk = ChunkWrite.empty();
		this.transition.apply(outcome, chunk, new RunCounters());
		return chunk;
	}

	private static ClaimedRequest request(String status, int notFound) {
		return new ClaimedRequest("ns", "r", null, status, 0, 0, notFound);
	}

	private static StatusOnly pending(RequestStatus status) {
		return new StatusOnly("ns", "r", status, null);
	}

}
