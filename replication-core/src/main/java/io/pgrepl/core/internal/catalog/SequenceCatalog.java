package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.SequenceInfo;
import io.pgrepl.core.status.SequenceValue;
import org.jspecify.annotations.Nullable;

/**
 * Reads sequences with their values in one query, whatever their number: those owned by a set of
 * tables (identity columns depend on theirs with {@code deptype = 'i'}, serial columns and
 * {@code OWNED BY} with {@code 'a'}) and those named. The value is {@code pg_sequence_last_value},
 * what {@code pg_sequences.last_value} shows, guarded by the privilege check that view makes
 * (the function itself fails without it). That is {@code NULL} when {@code is_called} is false (a
 * sequence never used, restarted, or set with {@code setval(s, n, false)}), whose next
 * {@code nextval} returns its {@code last_value}, which no catalog shows (PostgreSQL 14 to 18): those
 * sequences are read themselves, {@code select last_value, is_called from s}, all in one more
 * query, which needs {@code SELECT} on them ({@code USAGE} is not enough).
 */
public final class SequenceCatalog {

	private static final String OWNED_SEQUENCE = """
			select d.objid from pg_depend d
			join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
			join pg_class s on s.oid = d.objid and s.relkind = 'S'
			where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
			  and d.deptype in ('a', 'i')""";

	private static final String COLUMNS = """
			sn.nspname as seq_schema, sc.relname as seq_name, tn.nspname as table_schema, tc.relname as table_name,
			a.attname as column_name, s.seqtypid::regtype::text as data_type, s.seqincrement, s.seqmin, s.seqmax,
			has_sequence_privilege(sc.oid, 'SELECT,USAGE') as readable,
			has_sequence_privilege(sc.oid, 'SELECT') as selectable,
			case when has_sequence_privilege(sc.oid, 'SELECT,USAGE') then pg_sequence_last_value(sc.oid) end as last_value""";

	private static final String JOINS = """
			left join pg_class sc on sc.oid = o.seq
			left join pg_namespace sn on sn.oid = sc.relnamespace
			left join pg_sequence s on s.seqrelid = sc.oid
			left join pg_depend d on d.objid = sc.oid and d.classid = 'pg_class'::regclass
			 and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
			left join pg_class tc on tc.oid = d.refobjid
			left join pg_namespace tn on tn.oid = tc.relnamespace
			left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid""";

	private SequenceCatalog() {
	}

	/**
	 * The sequences owned by columns of these tables and the named ones that exist, each once,
	 * sorted by name.
	 */
	public static List<SequenceInfo> read(PgSession session, List<TableName> tables, List<TableName> sequences) {
		String sql = """
				with o as (
				  select d.objid as seq from unnest(?::text[]) t
				  join lateral (%s and d.refobjid = to_regclass(t)) d on true
				  union
				  select c.oid from unnest(?::text[]) n join pg_class c on c.oid = to_regclass(n) and c.relkind = 'S')
				select %s
				from o
				%s
				order by 1, 2""".formatted(OWNED_SEQUENCE, COLUMNS, JOINS);
		return withUncalledValues(session, session.query(sql, SequenceCatalog::map, quoted(tables), quoted(sequences)));
	}

	/**
	 * The sequences that stand for the given ones of another server, in the same order, {@code null}
	 * where none does: the sequence owned by the same table column, or else the one of the same name.
	 */
	public static List<@Nullable SequenceInfo> counterparts(PgSession session, List<SequenceInfo> sequences) {
		String[] names = sequences.stream().map((sequence) -> sequence.name().quoted()).toArray(String[]::new);
		String[] tables = sequences.stream()
			.map((sequence) -> (sequence.ownedBy() != null) ? sequence.ownedBy().quoted() : null)
			.toArray(String[]::new);
		String[] columns = sequences.stream().map(SequenceInfo::column).toArray(String[]::new);
		String sql = """
				select i.ord, %s
				from unnest(?::text[], ?::text[], ?::text[]) with ordinality as i(seq, tbl, col, ord)
				left join lateral (%s and d.refobjid = to_regclass(i.tbl) and a.attname = i.col limit 1) owned on true
				left join lateral (select coalesce(owned.objid, (select c.oid from pg_class c
				                   where c.oid = to_regclass(i.seq) and c.relkind = 'S')) as seq) o on true
				%s
				order by i.ord""".formatted(COLUMNS, OWNED_SEQUENCE, JOINS);
		return withUncalledValues(session, session
			.query(sql, (rs) -> (rs.getString("seq_name") != null) ? map(rs) : null, names, tables, columns));
	}

	/**
	 * The sequences, those {@code pg_sequence_last_value} shows as NULL with the value read from
	 * themselves, all in one query.
	 */
	private static List<@Nullable SequenceInfo> withUncalledValues(PgSession session, List<@Nullable Sequence> rows) {
		List<TableName> uncalled = rows.stream()
			.filter((row) -> row != null && row.info().value() == null && row.selectable())
			.map((row) -> row.info().name())
			.distinct()
			.toList();
		Map<TableName, SequenceValue> values = new HashMap<>();
		if (!uncalled.isEmpty()) {
			List<String> selects = new ArrayList<>();
			for (int i = 0; i < uncalled.size(); i++) {
				selects.add("select " + i + ", last_value, is_called from " + uncalled.get(i).quoted());
			}
			session.query(String.join(" union all ", selects), (rs) -> values.put(uncalled.get(rs.getInt(1)),
					new SequenceValue(rs.getLong(2), rs.getBoolean(3))));
		}
		List<@Nullable SequenceInfo> sequences = new ArrayList<>(rows.size());
		for (Sequence row : rows) {
			if (row == null) {
				sequences.add(null);
				continue;
			}
			SequenceInfo info = row.info();
			SequenceValue value = (info.value() != null) ? info.value() : values.get(info.name());
			sequences.add(new SequenceInfo(info.name(), info.ownedBy(), info.column(), info.dataType(),
					info.increment(), info.minValue(), info.maxValue(), value != null, value));
		}
		return sequences;
	}

	private static String[] quoted(List<TableName> names) {
		return names.stream().map(TableName::quoted).toArray(String[]::new);
	}

	private static Sequence map(ResultSet rs) throws SQLException {
		String table = rs.getString("table_name");
		Long lastValue = rs.getBoolean("readable") ? Rows.nullableLong(rs, "last_value") : null;
		return new Sequence(new SequenceInfo(new TableName(rs.getString("seq_schema"), rs.getString("seq_name")),
				(table != null) ? new TableName(rs.getString("table_schema"), table) : null,
				rs.getString("column_name"), rs.getString("data_type"), rs.getLong("seqincrement"),
				rs.getLong("seqmin"), rs.getLong("seqmax"), lastValue != null,
				(lastValue != null) ? new SequenceValue(lastValue, true) : null), rs.getBoolean("selectable"));
	}

	/** A sequence as the catalog query reads it, its value still unknown when {@code is_called} is false. */
	private record Sequence(SequenceInfo info, boolean selectable) {
	}

}
