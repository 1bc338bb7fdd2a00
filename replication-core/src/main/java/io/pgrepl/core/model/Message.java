package io.pgrepl.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
	 * @param parts each a {@link String}, a {@link SettingRef} or a {@link #sibling(SettingRef)}
	 */
	public static Message of(Object... parts) {
		List<Object> checked = new ArrayList<>(parts.length);
		for (Object part : parts) {
			if (!(part instanceof String) && !(part instanceof SettingRef) && !(part instanceof Sibling)) {
				throw new IllegalArgumentException("a message part is text or a SettingRef, not " + part);
			}
			checked.add(part);
		}
		return new Message(checked);
	}

	/**
	 * A setting named right after another of the same object, by what differs when the names are
	 * dotted: {@code db.user and .password}.
	 */
	public static Object sibling(SettingRef setting) {
		return new Sibling(setting);
	}

	/** The text, each setting named as {@code names} calls it. */
	public String render(SettingNames names) {
		StringBuilder text = new StringBuilder();
		String previous = "";
		for (Object part : this.parts) {
			if (part instanceof SettingRef ref) {
				previous = names.name(ref);
				text.append(previous);
			}
			else if (part instanceof Sibling sibling) {
				text.append(relative(names.name(sibling.setting()), previous));
			}
			else {
				text.append((String) part);
			}
		}
		return text.toString();
	}

	/** The settings named, in order. */
	public List<SettingRef> settings() {
		return this.parts.stream()
			.map((part) -> (part instanceof Sibling sibling) ? sibling.setting() : part)
			.filter(SettingRef.class::isInstance)
			.map(SettingRef.class::cast)
			.toList();
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

	/** From the last dot the two names share on: the whole name when they share none. */
	private static String relative(String name, String previous) {
		int common = 0;
		while (common < Math.min(name.length(), previous.length()) && name.charAt(common) == previous.charAt(common)) {
			common++;
		}
		int dot = name.lastIndexOf('.', common - 1);
		return (dot > 0) ? name.substring(dot) : name;
	}

	private record Sibling(SettingRef setting) {
	}

}
