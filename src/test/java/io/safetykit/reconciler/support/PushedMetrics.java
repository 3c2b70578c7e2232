package io.safetykit.reconciler.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads what a Prometheus client pushes to a Pushgateway by default (length-delimited protobuf
 * {@code MetricFamily} messages) into text-format lines such as
 * {@code reconciler_requests_total{result="succeeded"} 1.0}: counters, gauges and untyped values
 * as they are, summaries and histograms as their {@code _count}. Decoded by hand from the wire
 * format, so that a test does not depend on the client's shaded, versioned protobuf classes.
 */
public final class PushedMetrics {

	private PushedMetrics() {
	}

	public static List<String> samples(byte[] body) {
		List<String> samples = new ArrayList<>();
		Wire in = new Wire(ByteBuffer.wrap(body));
		while (in.hasMore()) {
			family(in.message((int) in.varint()), samples);
		}
		return samples;
	}

	private static void family(Wire in, List<String> samples) {
		String name = null;
		List<Wire> metrics = new ArrayList<>();
		while (in.hasMore()) {
			long key = in.varint();
			int field = (int) (key >>> 3);
			if (field == 1) {
				name = in.string();
			}
			else if (field == 4) {
				metrics.add(in.message((int) in.varint()));
			}
			else {
				in.skip((int) (key & 7));
			}
		}
		for (Wire metric : metrics) {
			samples.add(metric(name, metric));
		}
	}

	private static String metric(String name, Wire in) {
		StringJoiner labels = new StringJoiner(",", "{", "}").setEmptyValue("");
		String suffix = "";
		double value = Double.NaN;
		while (in.hasMore()) {
			long key = in.varint();
			int field = (int) (key >>> 3);
			switch (field) {
				case 1 -> {
					Wire pair = in.message((int) in.varint());
					String labelName = null;
					String labelValue = null;
					while (pair.hasMore()) {
						int pairField = (int) (pair.varint() >>> 3);
						String text = pair.string();
						if (pairField == 1) {
							labelName = text;
						}
						else {
							labelValue = text;
						}
					}
					labels.add(labelName + "=\"" + labelValue + "\"");
				}
				// gauge, counter, untyped: field 1 of each is the value
				case 2, 3, 7 -> value = firstDouble(in.message((int) in.varint()));
				// summary, histogram: field 1 is the sample count
				case 4, 8 -> {
					Wire counted = in.message((int) in.varint());
					suffix = "_count";
					value = (counted.hasMore() && counted.varint() == 8) ? counted.varint() : 0;
				}
				default -> in.skip((int) (key & 7));
			}
		}
		return name + suffix + labels + " " + value;
	}

	private static double firstDouble(Wire in) {
		while (in.hasMore()) {
			long key = in.varint();
			if (key == ((1 << 3) | 1)) {
				return in.fixed64();
			}
			in.skip((int) (key & 7));
		}
		return 0;
	}

	/** The protobuf wire format, as much as metric families need. */
	private static final class Wire {

		private final ByteBuffer buffer;

		Wire(ByteBuffer buffer) {
			this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
		}

		boolean hasMore() {
			return this.buffer.hasRemaining();
		}

		long varint() {
			long value = 0;
			for (int shift = 0;; shift += 7) {
				byte b = this.buffer.get();
				value |= (long) (b & 0x7F) << shift;
				if (b >= 0) {
					return value;
				}
			}
		}

		double fixed64() {
			return this.buffer.getDouble();
		}

		Wire message(int length) {
			ByteBuffer slice = this.buffer.slice();
			slice.limit(length);
			this.buffer.position(this.buffer.position() + length);
			return new Wire(slice);
		}

		String string() {
			Wire bytes = message((int) varint());
			byte[] text = new byte[bytes.buffer.remaining()];
			bytes.buffer.get(text);
			return new String(text, StandardCharsets.UTF_8);
		}

		void skip(int wireType) {
			switch (wireType) {
				case 0 -> varint();
				case 1 -> this.buffer.position(this.buffer.position() + 8);
				case 2 -> message((int) varint());
				case 5 -> this.buffer.position(this.buffer.position() + 4);
				default -> throw new IllegalArgumentException("wire type " + wireType);
			}
		}

	}

}
