package io.safetykit.reconciler.safetykit;

/**
 * One label of an item, with the optional {@code confidence} and {@code explanation} that webhook
 * payloads carry, and the label object exactly as received.
 */
public record ResultLabel(String label, Double confidence, String explanation, String attributesJson) {
}
