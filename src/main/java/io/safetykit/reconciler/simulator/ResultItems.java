package io.safetykit.reconciler.simulator;

import java.util.List;

/** Generates result item number n, identical whether it is answered inline or streamed in a file. */
final class ResultItems {

	static final List<String> LABELS = List.of("illegal_drugs.violation", "hazardous.violation",
			"weapons.violation", "spam.violation", "hate.violation", "adult.safe", "scam.violation",
			"harassment.safe");

	private ResultItems() {
	}

	/**
	 * Appends the JSON object of item {@code number} (1-based), optionally without its {@code id};
	 * a revised item carries the decision of the item after it.
	 */
	static StringBuilder append(StringBuilder out, int number, int labelsPerItem, boolean withId, boolean revised) {
		int decision = revised ? number + 1 : number;
		out.append('{');
		if (withId) {
			out.append("\"id\":\"").append(id(number)).append("\",");
		}
		out.append("\"output\":{\"actions\":[{\"type\":\"review\"}],\"fields\":{\"title\":\"Item ")
			.append(number)
			.append("\"},\"labels\":[");
		for (int index = 0; index < labelsPerItem; index++) {
			if (index > 0) {
				out.append(',');
			}
			String label = label(decision, index);
			out.append("{\"label\":\"").append(label).append("\",\"confidence\":0.").append(confidence(decision, index));
			out.append(",\"explanation\":\"Simulated decision ").append(label).append(" for item ").append(decision);
			out.append("\"}");
		}
		out.append("]},\"url\":\"https://example.com/items/").append(number);
		return out.append("\",\"metadata\":{\"internal-ref\":\"ref-").append(number).append("\"}}");
	}

	static String id(int number) {
		String digits = Integer.toString(number);
		return digits.length() >= 5 ? "item-" + digits : "item-" + "0".repeat(5 - digits.length()) + digits;
	}

	/**
	 * Labels rotate through {@link #LABELS} per item so that items differ; past the list's end the
	 * category gets a round number, which keeps an item's labels distinct.
	 */
	static String label(int number, int index) {
		String base = LABELS.get((int) ((number - 1L + index) % LABELS.size()));
		int round = index / LABELS.size();
		if (round == 0) {
			return base;
		}
		int dot = base.indexOf('.');
		return base.substring(0, dot) + (round + 1) + base.substring(dot);
	}

	/** Two digits after "0.", between 0.50 and 0.99. */
	private static int confidence(int number, int index) {
		return 50 + (int) ((number * 7L + index * 13L) % 50);
	}

}
