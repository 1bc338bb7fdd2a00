package io.pgrepl.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Words for a user that may name settings. The settings stay {@link SettingRef}s until the text is
 * rendered with the names the user knows them by, so the core can say "set X to true" without
 * knowing how X is spelled in a configuration file.
 */
public final class Message {

	private final List<Object> parts;

	private Message(List<Object> parts) {
		this.parts = Collections.unmodifiableList(parts);
	}

	/**
	 * Text and settings, in order.
	 * @param parts each a {@link String} or a {@link SettingRef}
	 */
	public static Message of(Object... parts) {
		List<Object> checked = new ArrayList<>(parts.length);
		for (Object part : parts) {
			if (!(part instanceof String) && !(part instanceof SettingRef)) {
				throw new IllegalArgumentException("a message part is text or a SettingRef, not " + part);
			}
			checked.add(part);
		}
		return new Message(checked);
	}

	/** The text, each setting named as {@code names} calls it. */
	public String render(SettingNames names) {
		return this.parts.stream()
			.map((part) -> (part instanceof SettingRef ref) ? names.name(ref) : (String) part)
			.collect(Collectors.joining());
	}

	/** The settings named, in order. */
	public List<SettingRef> settings() {
		return this.parts.stream().filter(SettingRef.class::isInstance).map(SettingRef.class::cast).toList();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof Message message) && this.parts.equals(message.parts);
	}

	@Override
	public int hashCode() {
		return this.parts.hashCode();
	}

	/** The text in the core's own words. */
	@Override
	public String toString() {
		return render(SettingNames.CORE);
	}

}
