package io.pgrepl.core.internal.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pgrepl.core.internal.jdbc.PgSession;

/**
 * Reads a setting that roles have in the current database ({@code ALTER ROLE ... IN DATABASE ...
 * SET}, stored in {@code pg_db_role_setting}), for the roles that exist, in one query.
 */
public final class RoleSettingCatalog {

	private RoleSettingCatalog() {
	}

	/**
	 * For each of the roles that exist, the value its role-and-database entry gives the setting, or
	 * empty when it has none.
	 */
	public static Map<String, Optional<String>> read(PgSession session, List<String> roles, String setting) {
		Map<String, Optional<String>> values = new LinkedHashMap<>();
		session.query("""
				select r.rolname,
				       (select substr(c, length(?) + 2) from pg_db_role_setting s, unnest(s.setconfig) c
				        where s.setrole = r.oid
				          and s.setdatabase = (select oid from pg_database where datname = current_database())
				          and c like ? || '=%') as value
				from pg_roles r where r.rolname = any(?::text[]) order by r.rolname""", (rs) -> {
			values.put(rs.getString(1), Optional.ofNullable(rs.getString(2)));
			return null;
		}, setting, setting, roles.toArray(String[]::new));
		return values;
	}

}
