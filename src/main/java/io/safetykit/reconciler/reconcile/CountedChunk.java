package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.store.ChunkWrite;

/** A chunk's rows, and what they count for the run's summary once they are committed. */
record CountedChunk(ChunkWrite rows, RunCounters counts) {
}
