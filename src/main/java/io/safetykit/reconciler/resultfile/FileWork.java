package io.safetykit.reconciler.resultfile;

import io.safetykit.reconciler.store.ResultFileStore.FileToLoad;

/** The item of the result-file step: a link to renew before it expires, or a result file to load. */
sealed interface FileWork {

	FileToLoad file();

	/** A link that expires within the run's {@code refreshLinksWithin}. */
	record Renewal(FileToLoad file) implements FileWork {
	}

	/** A result file not loaded yet (or to load again, with {@code reloadFiles}). */
	record Load(FileToLoad file) implements FileWork {
	}

}
