package io.pgrepl.core.plan;

/**
 * Something in the desired state that cannot be carried out, found before any change.
 *
 * @param property the setting at fault, e.g. {@code replication.subscriptions.s.publisher.host}
 * @param message what is wrong (never a password)
 * @param action what to do about it
 */
public record DesiredStateProblem(String property, String message, String action) {

	@Override
	public String toString() {
		return this.property + ": " + this.message + " (" + this.action + ")";
	}

}
