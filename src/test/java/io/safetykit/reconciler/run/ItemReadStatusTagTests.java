package io.safetykit.reconciler.run;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItemReadStatusTagTests {

	private final ItemReadStatusTag filter = new ItemReadStatusTag();

	@Test
	void marksAReadWithoutAStatusAsFailed() {
		Meter.Id id = new Meter.Id(ItemReadStatusTag.METER, Tags.of("error", "none"), null, null, Meter.Type.TIMER);
		assertThat(this.filter.map(id).getTag(ItemReadStatusTag.STATUS)).isEqualTo("FAILURE");
	}

	@Test
	void leavesAReadWithAStatusAndOtherMetersAlone() {
		Meter.Id read = new Meter.Id(ItemReadStatusTag.METER, Tags.of(ItemReadStatusTag.STATUS, "SUCCESS"), null, null,
				Meter.Type.TIMER);
		Meter.Id other = new Meter.Id("spring.batch.job", Tags.empty(), null, null, Meter.Type.TIMER);
		assertThat(this.filter.map(read)).isEqualTo(read);
		assertThat(this.filter.map(other)).isEqualTo(other);
	}

}
