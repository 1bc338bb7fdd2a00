package io.pgrepl.core.sequence;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.status.SequenceInfo;

/** The statements of sequence sync, built without a connection. */
final class SequenceSql {

	private SequenceSql() {
	}

	/** Sets every sequence in one statement: {@code setval(seq, value, true)} for each. */
	static String setValues(List<Target> targets) {
		String values = targets.stream()
			.map((target) -> "(" + Identifiers.literal(target.sequence()) + ", " + target.value() + "::bigint)")
			.collect(Collectors.joining(", "));
		return "select setval(v.seq::regclass, v.value, true) from (values " + values + ") as v(seq, value)";
	}

	/** A standalone sequence like the publisher's: same type, increment and bounds. */
	static String create(SequenceInfo publisher) {
		return "CREATE SEQUENCE " + publisher.name().quoted() + " AS " + publisher.dataType() + " INCREMENT BY "
				+ publisher.increment() + " MINVALUE " + publisher.minValue() + " MAXVALUE " + publisher.maxValue();
	}

	/** A quoted sequence name and the value it gets. */
	record Target(String sequence, long value) {
	}

}
