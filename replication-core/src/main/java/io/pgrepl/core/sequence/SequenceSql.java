package io.pgrepl.core.sequence;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.status.SequenceInfo;
import io.pgrepl.core.status.SequenceValue;

/** The statements of sequence sync, built without a connection. */
final class SequenceSql {

	private SequenceSql() {
	}

	/** Sets every sequence in one statement: {@code setval(seq, last_value, is_called)} for each. */
	static String setValues(List<Target> targets) {
		String values = targets.stream()
			.map((target) -> "(" + Identifiers.literal(target.sequence()) + ", " + target.value().lastValue()
					+ "::bigint, " + target.value().isCalled() + ")")
			.collect(Collectors.joining(", "));
		return "select setval(v.seq::regclass, v.last_value, v.is_called) from (values " + values
				+ ") as v(seq, last_value, is_called)";
	}

	/** A standalone sequence like the publisher's: same type, increment and bounds. */
	static String create(SequenceInfo publisher) {
		return "CREATE SEQUENCE " + publisher.name().quoted() + " AS " + publisher.dataType() + " INCREMENT BY "
				+ publisher.increment() + " MINVALUE " + publisher.minValue() + " MAXVALUE " + publisher.maxValue();
	}

	/** A quoted sequence name and the value it gets. */
	record Target(String sequence, SequenceValue value) {
	}

}
