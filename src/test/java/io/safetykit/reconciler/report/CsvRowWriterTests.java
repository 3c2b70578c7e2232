package io.safetykit.reconciler.report;

import java.io.IOException;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRowWriterTests {

	@Test
	void quotesOnlyWhatMustBeAndKeepsNullApartFromAnEmptyString() throws IOException {
		StringWriter out = new StringWriter();
		CsvRowWriter writer = new CsvRowWriter(out);
		writer.row(new String[] { "plain", "a b", " lead", "#x", "tab\there", "caf\u00e9" });
		writer.row(new String[] { null, "", "1,2", "say \"hi\"", "two\nlines", "cr\rhere" });
		writer.row(new String[] { null, null, null, null, null, null });
		writer.finish();
		assertThat(out.toString()).isEqualTo("plain,a b, lead,#x,tab\there,caf\u00e9\r\n"
				+ ",\"\",\"1,2\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n" + ",,,,,\r\n");
	}

}
