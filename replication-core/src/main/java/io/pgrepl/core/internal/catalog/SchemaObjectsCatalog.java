package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.SequenceDefinition;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableDetails;
import io.pgrepl.core.model.TableDetails.ForeignKey;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.model.TypeDefinition;
import io.pgrepl.core.status.ExtensionAvailability;

/**
 * Reads what creating published tables on a subscriber takes, from the publisher, with
 * schema-qualified names: the tables with their details, the partition trees they belong to, the
 * user types their columns need (recursively), and the sequences their defaults use. A constant
 * number of queries however many tables there are.
 */
public final class SchemaObjectsCatalog {

	/**
	 * An object that depends on a function outside {@code pg_catalog} that no extension provides:
	 * a function of the user's, which the subscriber lacks ({@code pg_dump} territory).
	 */
	private static final String CALLS_USER_FUNCTION = """
			exists (select 1 from pg_depend dp
			        join pg_proc p on p.oid = dp.refobjid
			        join pg_namespace pn on pn.oid = p.pronamespace
			        where dp.classid = %s and dp.objid = %s and dp.refclassid = 'pg_proc'::regclass
			          and pn.nspname <> 'pg_catalog'
			          and not exists (select 1 from pg_depend ep where ep.classid = 'pg_proc'::regclass
			                          and ep.objid = p.oid and ep.deptype = 'e'))""";

	private SchemaObjectsCatalog() {
	}

	/** The tables, partitions and partitioned parents of the partition trees {@code tables} belong to. */
	public static List<TableName> partitionFamilies(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return List.of();
		}
		return session.query("""
				select n.nspname, c.relname from (
				  select distinct t.relid, t.level
				  from unnest(?::text[], ?::text[]) w(s, r)
				  join pg_namespace wn on wn.nspname = w.s
				  join pg_class wc on wc.relnamespace = wn.oid and wc.relname = w.r
				  cross join lateral pg_partition_tree(coalesce(pg_partition_root(wc.oid), wc.oid)) t
				) f
				join pg_class c on c.oid = f.relid and c.relkind in ('r', 'p')
				join pg_namespace n on n.oid = c.relnamespace
				order by f.level, 1, 2""", (rs) -> new TableName(rs.getString(1), rs.getString(2)), schemas(tables),
				names(tables));
	}

	/**
	 * For each of {@code tables} that is a partition, the top of its partition tree: columns are
	 * added there, PostgreSQL refuses to add them to a partition.
	 */
	public static Map<TableName, TableName> partitionRoots(PgSession session, List<TableName> tables) {
		Map<TableName, TableName> roots = new LinkedHashMap<>();
		if (tables.isEmpty()) {
			return roots;
		}
		session.query("""
				select wn.nspname, wc.relname, rn.nspname as root_schema, rc.relname as root_name
				from unnest(?::text[], ?::text[]) w(s, r)
				join pg_namespace wn on wn.nspname = w.s
				join pg_class wc on wc.relnamespace = wn.oid and wc.relname = w.r and wc.relispartition
				join pg_class rc on rc.oid = pg_partition_root(wc.oid)
				join pg_namespace rn on rn.oid = rc.relnamespace""", (rs) -> roots.put(
				new TableName(rs.getString(1), rs.getString(2)), new TableName(rs.getString(3), rs.getString(4))),
				schemas(tables), names(tables));
		return roots;
	}

	/** Definitions with details and qualified types, of those tables that exist, in the order asked. */
	public static List<TableDefinition> tables(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return List.of();
		}
		return QualifiedNames.read(session, () -> {
			Map<TableName, TableDetails> details = new LinkedHashMap<>();
			session.query("""
					select n.nspname, c.relname,
					  case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key,
					  pn.nspname as parent_schema, pc.relname as parent_name,
					  case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as bound,
					  (select 'CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)
					   from pg_constraint k where k.conrelid = c.oid and k.contype = 'p' and k.conparentid = 0) as pk,
					  array(select 'CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)
					        from pg_constraint k where k.conrelid = c.oid and k.contype in ('c', 'u', 'x')
					          and k.conislocal and k.conparentid = 0 and not %s
					        order by k.contype, k.conname) as constraints,
					  array(select 'CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)
					        from pg_constraint k where k.conrelid = c.oid and k.contype = 'f' and k.conparentid = 0
					        order by k.conname) as fks,
					  array(select fn.nspname from pg_constraint k join pg_class f on f.oid = k.confrelid
					        join pg_namespace fn on fn.oid = f.relnamespace
					        where k.conrelid = c.oid and k.contype = 'f' and k.conparentid = 0
					        order by k.conname) as fk_schemas,
					  array(select f.relname from pg_constraint k join pg_class f on f.oid = k.confrelid
					        where k.conrelid = c.oid and k.contype = 'f' and k.conparentid = 0
					        order by k.conname) as fk_names,
					  array(select replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
					        from pg_index i join pg_class ic on ic.oid = i.indexrelid
					        where i.indrelid = c.oid
					          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid
					                          and k.conrelid = c.oid and k.contype in ('p', 'u', 'x'))
					          and not exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid)
					          and not %s
					        order by ic.relname) as indexes,
					  case c.relreplident when 'f' then 'FULL' when 'n' then 'NOTHING'
					    when 'i' then (select 'USING INDEX ' || quote_ident(ic.relname) from pg_index i
					                   join pg_class ic on ic.oid = i.indexrelid
					                   where i.indrelid = c.oid and i.indisreplident) end as replica_identity
					from pg_class c
					join pg_namespace n on n.oid = c.relnamespace
					left join pg_inherits h on c.relispartition and h.inhrelid = c.oid
					left join pg_class pc on pc.oid = h.inhparent
					left join pg_namespace pn on pn.oid = pc.relnamespace
					where c.relkind in ('r', 'p')
					  and (n.nspname, c.relname) in (select * from unnest(?::text[], ?::text[]))"""
				.formatted(CALLS_USER_FUNCTION.formatted("'pg_constraint'::regclass", "k.oid"),
						CALLS_USER_FUNCTION.formatted("'pg_class'::regclass", "i.indexrelid")),
					(rs) -> {
						details.put(new TableName(rs.getString("nspname"), rs.getString("relname")), details(rs));
						return null;
					}, schemas(tables), names(tables));
			return TableCatalog.read(session, tables, true)
				.stream()
				.map((definition) -> definition.withDetails(details.getOrDefault(definition.table(), TableDetails.NONE)))
				.toList();
		});
	}

	private static TableDetails details(ResultSet rs) throws SQLException {
		String parentName = rs.getString("parent_name");
		TableName parent = (parentName != null) ? new TableName(rs.getString("parent_schema"), parentName) : null;
		List<String> fks = Rows.strings(rs, "fks");
		List<String> fkSchemas = Rows.strings(rs, "fk_schemas");
		List<String> fkNames = Rows.strings(rs, "fk_names");
		List<ForeignKey> foreignKeys = new ArrayList<>();
		for (int i = 0; i < fks.size(); i++) {
			foreignKeys.add(new ForeignKey(fks.get(i), new TableName(fkSchemas.get(i), fkNames.get(i))));
		}
		return new TableDetails(parent, rs.getString("bound"), rs.getString("partition_key"), rs.getString("pk"),
				Rows.strings(rs, "constraints"), foreignKeys, Rows.strings(rs, "indexes"),
				rs.getString("replica_identity"));
	}

	/**
	 * The sequences the column defaults of {@code tables} use (identity sequences excluded: the
	 * identity column creates its own), with the column owning each, if any.
	 */
	public static List<SequenceDefinition> sequences(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return List.of();
		}
		return QualifiedNames.read(session, () -> session.query("""
				select distinct sn.nspname, s.relname,
				  'CREATE SEQUENCE IF NOT EXISTS ' || quote_ident(sn.nspname) || '.' || quote_ident(s.relname)
				    || ' AS ' || format_type(q.seqtypid, null) || ' INCREMENT BY ' || q.seqincrement
				    || ' MINVALUE ' || q.seqmin || ' MAXVALUE ' || q.seqmax || ' START WITH ' || q.seqstart
				    || ' CACHE ' || q.seqcache || case when q.seqcycle then ' CYCLE' else ' NO CYCLE' end as create_sql,
				  (select quote_ident(on_.nspname) || '.' || quote_ident(oc.relname) || '.' || quote_ident(oa.attname)
				   from pg_depend od join pg_class oc on oc.oid = od.refobjid
				   join pg_namespace on_ on on_.oid = oc.relnamespace
				   join pg_attribute oa on oa.attrelid = oc.oid and oa.attnum = od.refobjsubid
				   where od.classid = 'pg_class'::regclass and od.objid = s.oid and od.deptype = 'a'
				     and od.refclassid = 'pg_class'::regclass) as owned_by
				from pg_class c
				join pg_namespace n on n.oid = c.relnamespace
				join pg_attrdef ad on ad.adrelid = c.oid
				join pg_depend dp on dp.classid = 'pg_attrdef'::regclass and dp.objid = ad.oid
				  and dp.refclassid = 'pg_class'::regclass
				join pg_class s on s.oid = dp.refobjid and s.relkind = 'S'
				join pg_namespace sn on sn.oid = s.relnamespace
				join pg_sequence q on q.seqrelid = s.oid
				where (n.nspname, c.relname) in (select * from unnest(?::text[], ?::text[]))
				order by 1, 2""", (rs) -> new SequenceDefinition(new TableName(rs.getString(1), rs.getString(2)),
				rs.getString("create_sql"), rs.getString("owned_by")), schemas(tables), names(tables)));
	}

	/**
	 * The user-defined types (outside {@code pg_catalog} and {@code information_schema}) that the
	 * columns of {@code tables} need, directly or through arrays, domains, ranges and composite
	 * attributes; arrays and multiranges stand for the type PostgreSQL creates them with.
	 */
	public static List<TypeDefinition> types(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return List.of();
		}
		return QualifiedNames.read(session, () -> session.query("""
				with recursive edges(type_oid, dep) as (
				  select t.oid, t.typelem from pg_type t where t.typcategory = 'A' and t.typelem <> 0
				  union all select t.oid, t.typbasetype from pg_type t where t.typtype = 'd'
				  union all select r.rngtypid, r.rngsubtype from pg_range r
				  union all select r.rngmultitypid, r.rngtypid from pg_range r
				  union all select t.oid, a.atttypid from pg_type t
				    join pg_attribute a on a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped
				    where t.typtype = 'c'
				), used(type_oid, nspname, relname, attname) as (
				  select a.atttypid, n.nspname, c.relname, a.attname
				  from pg_class c
				  join pg_namespace n on n.oid = c.relnamespace
				  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
				  where (n.nspname, c.relname) in (select * from unnest(?::text[], ?::text[]))
				  union
				  select e.dep, u.nspname, u.relname, u.attname from used u join edges e on e.type_oid = u.type_oid
				), first_use as (
				  select distinct on (type_oid) * from used order by type_oid, nspname, relname, attname
				)
				select t.oid, tn.nspname as type_schema, t.typname, t.typtype::text,
				  u.nspname, u.relname, u.attname,
				  x.extname, xn.nspname as extension_schema,
				  (select c.relkind::text from pg_class c where c.oid = t.typrelid) as relkind,
				  array(select enumlabel::text from pg_enum where enumtypid = t.oid order by enumsortorder) as labels,
				  array(select quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
				          || case when a.attcollation <> at.typcollation
				               then ' COLLATE ' || quote_ident(con.nspname) || '.' || quote_ident(co.collname) else '' end
				        from pg_attribute a join pg_type at on at.oid = a.atttypid
				        left join pg_collation co on co.oid = a.attcollation
				        left join pg_namespace con on con.oid = co.collnamespace
				        where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped
				        order by a.attnum) as attributes,
				  case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end as base_type,
				  t.typnotnull, pg_get_expr(t.typdefaultbin, 0) as default_expr,
				  case when t.typtype = 'd' and t.typcollation <> bt.typcollation
				    then quote_ident(dcn.nspname) || '.' || quote_ident(dco.collname) end as domain_collation,
				  array(select 'CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)
				        from pg_constraint k where k.contypid = t.oid and k.contype = 'c' order by k.conname) as checks,
				  format_type(r.rngsubtype, null) as subtype,
				  case when r.rngcollation <> 0 and r.rngcollation <> st.typcollation
				    then quote_ident(rcn.nspname) || '.' || quote_ident(rco.collname) end as range_collation,
				  case when r.rngsubdiff <> 0 then r.rngsubdiff::regproc::text end as subtype_diff,
				  case when r.rngmultitypid <> 0 then format_type(r.rngmultitypid, null) end as multirange,
				  (r.rngcanonical <> 0) as canonical,
				  (%s or exists (select 1 from pg_constraint k where k.contypid = t.oid and %s)) as calls_user_function,
				  array(select distinct coalesce(case when dt.typcategory = 'A' then dt.typelem end, mr.rngtypid, dt.oid)::bigint
				        from edges e join pg_type dt on dt.oid = e.dep
				        left join pg_range mr on mr.rngmultitypid = dt.oid
				        where e.type_oid = t.oid) as depends_on
				from first_use u
				join pg_type t on t.oid = u.type_oid
				join pg_namespace tn on tn.oid = t.typnamespace
				left join pg_depend xd on xd.classid = 'pg_type'::regclass and xd.objid = t.oid and xd.deptype = 'e'
				left join pg_extension x on x.oid = xd.refobjid
				left join pg_namespace xn on xn.oid = x.extnamespace
				left join pg_type bt on bt.oid = t.typbasetype
				left join pg_collation dco on t.typtype = 'd' and dco.oid = t.typcollation
				left join pg_namespace dcn on dcn.oid = dco.collnamespace
				left join pg_range r on r.rngtypid = t.oid
				left join pg_type st on st.oid = r.rngsubtype
				left join pg_collation rco on rco.oid = r.rngcollation
				left join pg_namespace rcn on rcn.oid = rco.collnamespace
				where tn.nspname not in ('pg_catalog', 'information_schema')
				  and t.typcategory <> 'A' and t.typtype <> 'm'
				order by t.oid""".formatted(CALLS_USER_FUNCTION.formatted("'pg_type'::regclass", "t.oid"),
				CALLS_USER_FUNCTION.formatted("'pg_constraint'::regclass", "k.oid")),
				SchemaObjectsCatalog::type, schemas(tables), names(tables)));
	}

	/** Those of {@code types} ({@code schema.name}) that exist on this server, as {@code schema.name}. */
	public static Set<String> existingTypes(PgSession session, List<TypeDefinition> types) {
		if (types.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(session.query("""
				select n.nspname || '.' || t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
				where (n.nspname, t.typname) in (select * from unnest(?::text[], ?::text[]))""",
				(rs) -> rs.getString(1), types.stream().map(TypeDefinition::schema).toArray(String[]::new),
				types.stream().map(TypeDefinition::name).toArray(String[]::new)));
	}

	/** Whether each of {@code extensions} is available here and the role may create it. */
	public static Map<String, ExtensionAvailability> extensions(PgSession session, Set<String> extensions) {
		Map<String, ExtensionAvailability> result = new LinkedHashMap<>();
		if (extensions.isEmpty()) {
			return result;
		}
		session.query("""
				select w.name, e.name is not null as available,
				  (select n.nspname from pg_extension x join pg_namespace n on n.oid = x.extnamespace
				   where x.extname = w.name) as installed_schema,
				  coalesce((select r.rolsuper from pg_roles r where r.rolname = current_user), false)
				    or (coalesce((select v.trusted from pg_available_extension_versions v
				                  where v.name = e.name and v.version = e.default_version), false)
				        and has_database_privilege(current_database(), 'CREATE')) as may_create
				from unnest(?::text[]) w(name)
				left join pg_available_extensions e on e.name = w.name""", (rs) -> {
			ExtensionAvailability availability = new ExtensionAvailability(rs.getString("name"),
					rs.getBoolean("available"), rs.getString("installed_schema"), rs.getBoolean("may_create"));
			result.put(availability.name(), availability);
			return availability;
		}, (Object) extensions.toArray(String[]::new));
		return result;
	}

	private static TypeDefinition type(ResultSet rs) throws SQLException {
		String typtype = rs.getString("typtype");
		String extension = rs.getString("extname");
		String relkind = rs.getString("relkind");
		TypeDefinition.Kind kind;
		String definition = "";
		String unreproducible = null;
		if (extension != null) {
			kind = TypeDefinition.Kind.EXTENSION;
		}
		else if (typtype.equals("e")) {
			kind = TypeDefinition.Kind.ENUM;
			definition = "ENUM (" + String.join(", ", Rows.strings(rs, "labels").stream().map(SchemaObjectsCatalog::literal).toList())
					+ ")";
		}
		else if (typtype.equals("c")) {
			kind = TypeDefinition.Kind.COMPOSITE;
			definition = "(" + String.join(", ", Rows.strings(rs, "attributes")) + ")";
			if (!"c".equals(relkind)) {
				unreproducible = "it is the row type of a table";
			}
		}
		else if (typtype.equals("d")) {
			kind = TypeDefinition.Kind.DOMAIN;
			StringBuilder sql = new StringBuilder(rs.getString("base_type"));
			String collation = rs.getString("domain_collation");
			if (collation != null) {
				sql.append(" COLLATE ").append(collation);
			}
			String defaultExpression = rs.getString("default_expr");
			if (defaultExpression != null) {
				sql.append(" DEFAULT ").append(defaultExpression);
			}
			if (rs.getBoolean("typnotnull")) {
				sql.append(" NOT NULL");
			}
			Rows.strings(rs, "checks").forEach((check) -> sql.append(' ').append(check));
			definition = sql.toString();
		}
		else if (typtype.equals("r")) {
			kind = TypeDefinition.Kind.RANGE;
			StringBuilder sql = new StringBuilder("RANGE (SUBTYPE = ").append(rs.getString("subtype"));
			String collation = rs.getString("range_collation");
			if (collation != null) {
				sql.append(", COLLATION = ").append(collation);
			}
			String subtypeDiff = rs.getString("subtype_diff");
			if (subtypeDiff != null) {
				sql.append(", SUBTYPE_DIFF = ").append(subtypeDiff);
			}
			String multirange = rs.getString("multirange");
			if (multirange != null) {
				sql.append(", MULTIRANGE_TYPE_NAME = ").append(multirange);
			}
			definition = sql.append(')').toString();
			if (rs.getBoolean("canonical")) {
				unreproducible = "its canonical function is written in C";
			}
		}
		else {
			kind = TypeDefinition.Kind.OTHER;
			unreproducible = "it is a base type defined by functions written in C, outside any extension";
		}
		if (unreproducible == null && extension == null && rs.getBoolean("calls_user_function")) {
			unreproducible = "its definition calls a function of this database (not in pg_catalog), which pgrepl "
					+ "does not create";
		}
		List<Long> dependsOn = new ArrayList<>();
		java.sql.Array deps = rs.getArray("depends_on");
		if (deps != null) {
			for (Long dep : (Long[]) deps.getArray()) {
				dependsOn.add(dep);
			}
		}
		return new TypeDefinition(rs.getLong("oid"), rs.getString("type_schema"), rs.getString("typname"), kind,
				definition, extension, rs.getString("extension_schema"), dependsOn, unreproducible,
				new TableName(rs.getString("nspname"), rs.getString("relname")), rs.getString("attname"));
	}

	private static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	static String[] schemas(List<TableName> tables) {
		return tables.stream().map(TableName::schema).toArray(String[]::new);
	}

	static String[] names(List<TableName> tables) {
		return tables.stream().map(TableName::name).toArray(String[]::new);
	}

}
