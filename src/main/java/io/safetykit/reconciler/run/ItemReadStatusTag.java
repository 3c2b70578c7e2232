package io.safetykit.reconciler.run;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.stereotype.Component;

/**
 * Gives Spring Batch's {@code spring.batch.item.read} timer the status tag its successful reads
 * carry when a read ended in an exception without one (a rejected key, say). Prometheus refuses a
 * meter whose tag keys differ from those of another with its name, and says so in a warning in
 * the run's log; such a read is a failed one.
 */
@Component
class ItemReadStatusTag implements MeterFilter {

	static final String METER = "spring.batch.item.read";

	static final String STATUS = METER + ".status";

	@Override
	public Meter.Id map(Meter.Id id) {
		if (METER.equals(id.getName()) && id.getTag(STATUS) == null) {
			return id.withTag(Tag.of(STATUS, "FAILURE"));
		}
		return id;
	}

}
