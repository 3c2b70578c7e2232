package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.store.ChunkWrite;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * The reconcile step's processor: turns a batch of fetch outcomes into the rows of one chunk by the
 * rules of {@link RequestTransition}, and counts each request's result for the run's summary (which
 * adds them once the chunk commits) and each as polled (at once: the progress line reads that).
 */
class OutcomeProcessor implements ItemProcessor<OutcomeBatch, CountedChunk> {

	private final RequestTransition transition;

	private final RunCounters counters;

	OutcomeProcessor(RequestTransition transition, RunCounters counters) {
		this.transition = transition;
		this.counters = counters;
	}

	@Override
	public CountedChunk process(OutcomeBatch batch) {
		ChunkWrite rows = ChunkWrite.empty();
		RunCounters counts = new RunCounters();
		for (FetchOutcome outcome : batch.outcomes()) {
			this.transition.apply(outcome, rows, counts);
		}
		this.counters.polled.add(batch.outcomes().size());
		return new CountedChunk(rows, counts);
	}

}
