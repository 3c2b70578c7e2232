package io.safetykit.reconciler.store;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTextBufferTests {

	@Test
	void escapesWhatCopyTextFormatEscapesAndKeepsUtf8AsItIs() {
		CopyTextBuffer buffer = new CopyTextBuffer(4);
		buffer.value("a\\b\tc\nd\re").value((String) null).value("crème 🍮 注文").value(0.25).endRow();
		buffer.value("").value((Double) null).endRow();
		String rows = new String(buffer.toByteArray(), StandardCharsets.UTF_8);
		assertThat(rows).isEqualTo("a\\\\b\\tc\\nd\\re\t\\N\tcrème 🍮 注文\t0.25\n\t\\N\n");
		assertThat(buffer.rows()).isEqualTo(2);
	}

	@Test
	void appendsAValueEncodedAlreadyAsAColumnOfItsOwn() {
		CopyTextBuffer buffer = new CopyTextBuffer(2);
		byte[] execution = "42".getBytes(StandardCharsets.US_ASCII);
		buffer.encodedValue(execution).endRow();
		buffer.value("a").encodedValue(execution).endRow();
		assertThat(new String(buffer.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("42\na\t42\n");
	}

	@Test
	void givesItsOwnArrayWhenFullAndACopyOtherwise() {
		CopyTextBuffer exact = new CopyTextBuffer(4);
		exact.value("abc").endRow();
		assertThat(exact.toByteArray()).isSameAs(exact.array());
		CopyTextBuffer roomy = new CopyTextBuffer(64);
		roomy.value("abc").endRow();
		assertThat(roomy.toByteArray()).isNotSameAs(roomy.array()).hasSize(4);
	}

}
