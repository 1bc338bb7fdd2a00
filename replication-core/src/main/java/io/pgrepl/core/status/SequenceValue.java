package io.pgrepl.core.status;

/**
 * Where a sequence stands: what {@code setval(sequence, lastValue, isCalled)} sets.
 *
 * @param lastValue {@code last_value}
 * @param isCalled {@code is_called}: whether {@code nextval} already returned {@code last_value}.
 * When false (a sequence never used, restarted, or set with {@code setval(s, n, false)}), the next
 * {@code nextval} returns {@code last_value} itself, not the value after it
 */
public record SequenceValue(long lastValue, boolean isCalled) {

}
