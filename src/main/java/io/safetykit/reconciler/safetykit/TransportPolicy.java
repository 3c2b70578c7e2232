package io.safetykit.reconciler.safetykit;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import io.safetykit.reconciler.exit.UsageException;

/** Which URLs the job may talk to: https anywhere, plain http only to a loopback address. */
public final class TransportPolicy {

	private TransportPolicy() {
	}

	/** Throws {@link UsageException} naming {@code setting} when the URL is not allowed. */
	public static void requireAllowed(URI url, String setting) {
		if (!isAllowed(url)) {
			throw new UsageException(setting + " must be an https URL (plain http is allowed for loopback hosts only)");
		}
	}

	/** Whether a URL may be fetched; never includes the URL in any message, since it may be pre-signed. */
	public static boolean isAllowed(URI url) {
		if (url == null || url.getScheme() == null || url.getHost() == null) {
			return false;
		}
		String scheme = url.getScheme().toLowerCase();
		if (scheme.equals("https")) {
			return true;
		}
		return scheme.equals("http") && isLoopback(url.getHost());
	}

	private static boolean isLoopback(String host) {
		String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		if (bare.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
			return false; // a name: do not resolve it, DNS could say anything
		}
		try {
			return InetAddress.getByName(bare).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
