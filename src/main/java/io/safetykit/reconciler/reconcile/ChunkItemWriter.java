package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.ChunkWriter;
import io.safetykit.reconciler.store.ChunkWriter.WrittenRows;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The reconcile step's writer: a chunk's rows in a handful of set-based statements and two COPYs
 * ({@link ChunkWriter}), in the chunk's transaction, and its counts to the run's once that commits.
 * Writes nothing in a dry run, whose summary still counts each request's outcome.
 */
class ChunkItemWriter implements ItemWriter<CountedChunk> {

	private final ChunkWriter writer;

	private final RunParameters parameters;

	private final RunCounters counters;

	private final long jobExecutionId;

	ChunkItemWriter(ChunkWriter writer, RunParameters parameters, RunCounters counters, long jobExecutionId) {
		this.writer = writer;
		this.parameters = parameters;
		this.counters = counters;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void write(Chunk<? extends CountedChunk> chunk) {
		for (CountedChunk counted : chunk) {
			if (!this.parameters.dryRun()) {
				WrittenRows written = this.writer.write(counted.rows(), this.jobExecutionId);
				counted.counts().items.add(written.items());
				counted.counts().labels.add(written.labels());
			}
			this.counters.addWhenCommitted(counted.counts());
		}
	}

}
