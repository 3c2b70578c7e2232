package io.safetykit.reconciler.enqueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.enqueue.EnqueueFile.EnqueueLine;
import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.ops.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code enqueue [FILE|-]}: loads {@code namespace,request_id[,kind]} lines into
 * {@code safetykit.request} for a backfill. The whole file is checked before anything is written,
 * then loaded in one transaction: a bad line loads nothing, and a rerun adds only what is new.
 */
@Component
public class EnqueueCommand implements Command {

	public static final String USAGE = "enqueue [FILE|-]  (CSV lines namespace,request_id[,kind]; - or nothing reads "
			+ "standard input)";

	private static final Logger logger = LoggerFactory.getLogger(EnqueueCommand.class);

	static final int BATCH_SIZE = 1000;

	private final RequestInserts inserts;

	private final TransactionTemplate transaction;

	EnqueueCommand(RequestInserts inserts, PlatformTransactionManager transactionManager) {
		this.inserts = inserts;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@Override
	public String name() {
		return "enqueue";
	}

	@Override
	public String usage() {
		return USAGE;
	}

	@Override
	public int run(List<String> arguments) throws IOException {
		String source = source(arguments);
		// standard input is read twice (check, then load): keep it in a file rather than in memory
		Path file = source.equals("-") ? spool() : Path.of(source);
		try {
			int lines = check(file);
			int added = this.transaction.execute((status) -> load(file));
			logger.info("enqueued {} new, {} already present", added, lines - added);
			return ExitCodes.COMPLETED;
		}
		finally {
			if (source.equals("-")) {
				Files.deleteIfExists(file);
			}
		}
	}

	/** The file to read, or - for standard input; a bad argument is a {@link UsageException}. */
	public static String source(List<String> arguments) {
		if (arguments.size() > 1) {
			throw new UsageException("enqueue takes one file (or - for standard input), got " + arguments.size());
		}
		String source = arguments.isEmpty() ? "-" : arguments.get(0);
		if (!source.equals("-") && (!Files.isRegularFile(Path.of(source)) || !Files.isReadable(Path.of(source)))) {
			throw new UsageException("cannot read " + source);
		}
		return source;
	}

	private static Path spool() throws IOException {
		Path file = Files.createTempFile("safetykit-enqueue-", ".csv");
		Files.copy(System.in, file, StandardCopyOption.REPLACE_EXISTING);
		return file;
	}

	private static int check(Path file) throws IOException {
		int lines = 0;
		try (EnqueueFile input = EnqueueFile.open(file)) {
			while (input.next() != null) {
				lines++;
			}
		}
		return lines;
	}

	private int load(Path file) {
		int added = 0;
		try (EnqueueFile input = EnqueueFile.open(file)) {
			List<EnqueueLine> batch = new ArrayList<>(BATCH_SIZE);
			for (EnqueueLine line = input.next(); line != null; line = input.next()) {
				batch.add(line);
				if (batch.size() == BATCH_SIZE) {
					added += this.inserts.insert(batch);
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				added += this.inserts.insert(batch);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read the file a second time: " + ex.getMessage(), ex);
		}
		return added;
	}

}
