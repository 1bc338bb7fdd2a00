package io.pgrepl.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.pgrepl.core.model.ConnInfo;

/**
 * One side of the benchmark: a database, the role the measured calls connect as (over TCP with a
 * password, as an application would) and an administrative route for setup and statistics.
 *
 * @param name "publisher" or "subscriber"
 * @param host host this JVM connects to
 * @param port its port
 * @param database the database
 * @param user the role of the measured calls
 * @param password its password
 * @param peerHost host the other server connects to (differs from {@code host} in containers)
 * @param peerPort its port
 * @param admin connections for setup and statistics, whose statements are not counted
 */
record Endpoint(String name, String host, int port, String database, String user, String password, String peerHost,
		int peerPort, DataSource admin) {

	/** How this application reaches the database, as the starter builds it from its properties. */
	ConnInfo connInfo() {
		return connInfo(this.host, this.port);
	}

	/** How the other server reaches this database, for {@code CREATE SUBSCRIPTION ... CONNECTION}. */
	ConnInfo peerConnInfo() {
		return connInfo(this.peerHost, this.peerPort);
	}

	/** A connection per {@code getConnection()}, like the starter's publisher DataSource today. */
	DataSource unpooled() {
		return connInfo().toDataSource();
	}

	void execute(String... statements) {
		try (Connection connection = this.admin.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("SQL failed on the " + this.name + ": " + ex.getMessage(), ex);
		}
	}

	long queryForLong(String sql) {
		return Long.parseLong(queryForString(sql));
	}

	String queryForString(String sql) {
		try (Connection connection = this.admin.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed on the " + this.name + ": " + ex.getMessage(), ex);
		}
	}

	private ConnInfo connInfo(String host, int port) {
		return ConnInfo.builder()
			.host(host)
			.port(port)
			.database(this.database)
			.user(this.user)
			.password(this.password)
			.build();
	}

	/** Names the database only: the record's own would print the password. */
	@Override
	public String toString() {
		return this.name + " " + this.host + ":" + this.port + "/" + this.database;
	}

}
