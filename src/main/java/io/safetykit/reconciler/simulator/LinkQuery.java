package io.safetykit.reconciler.simulator;

/** The {@code expires} and {@code signature} parameters of a file-host link. */
record LinkQuery(long expires, String signature) {

	/** Returns null when either parameter is missing or unreadable, which the file host answers with 403. */
	static LinkQuery parse(String rawQuery) {
		if (rawQuery == null) {
			return null;
		}
		Long expires = null;
		String signature = null;
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = pair.substring(0, equals);
			String value = PathSegments.decode(pair.substring(equals + 1));
			if ("expires".equals(name)) {
				try {
					expires = Long.parseLong(value);
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
			else if ("signature".equals(name)) {
				signature = value;
			}
		}
		return expires == null || signature == null ? null : new LinkQuery(expires, signature);
	}

}
