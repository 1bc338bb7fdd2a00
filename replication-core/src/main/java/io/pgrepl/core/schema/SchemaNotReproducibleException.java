package io.pgrepl.core.schema;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.ReplicationException;

/**
 * Published tables whose columns need types pgrepl cannot create on the subscriber. Nothing was
 * created or subscribed.
 */
public class SchemaNotReproducibleException extends ReplicationException {

	private final List<SchemaRefusal> refusals;

	public SchemaNotReproducibleException(List<SchemaRefusal> refusals) {
		super("pgrepl cannot create the published tables on the subscriber, nothing was created: "
				+ refusals.stream().map((refusal) -> refusal.describe() + " (" + refusal.action() + ")")
					.collect(Collectors.joining("; ")));
		this.refusals = List.copyOf(refusals);
	}

	public List<SchemaRefusal> getRefusals() {
		return this.refusals;
	}

}
