package io.pgrepl.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts (or takes) the servers, builds the state, measures every {@link Group} and writes the
 * report. Settings: {@link BenchmarkSettings}; how to run: {@code docs/benchmarks.md}.
 */
public final class BenchmarkMain {

	private static final Logger logger = LoggerFactory.getLogger(BenchmarkMain.class);

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		try (BenchmarkServers servers = new BenchmarkServers(settings)) {
			StateBuilder builder = new StateBuilder(settings, servers.publisher(), servers.subscriber());
			try {
				run(settings, servers, builder.build());
			}
			finally {
				if (settings.givenServers()) {
					builder.drop();
				}
			}
		}
	}

	private static void run(BenchmarkSettings settings, BenchmarkServers servers, BenchmarkState state)
			throws Exception {
		StatementStatistics subscriberStatistics = new StatementStatistics(servers.subscriber());
		StatementStatistics publisherStatistics = new StatementStatistics(servers.publisher());
		ConnectionCountingDriver.install();
		try (BenchmarkConnections connections = new BenchmarkConnections(servers.publisher(), servers.subscriber(),
				state)) {
			RunEnvironment environment = RunEnvironment.of(servers.publisher(), servers.subscriber());
			Measurer measurer = new Measurer(servers, connections, subscriberStatistics, publisherStatistics);
			Groups groups = new Groups(settings, servers, state, connections);
			Map<Group, List<Result>> results = new LinkedHashMap<>();
			List<String> sections = new ArrayList<>();
			for (Group group : groups.core()) {
				measure(measurer, group, results);
			}
			if (settings.syncRows() > 0) {
				InitialSync sync = new InitialSync(settings, servers.publisher(), servers.subscriber(),
						connections.subscriberPool(), connections.publisherPool());
				sync.build();
				MigrationRuns migration = new MigrationRuns(settings, servers.publisher(), servers.subscriber(),
						connections.subscriberPool(), connections.publisherPool());
				try {
					measure(measurer, sync.group(), results);
					measure(measurer, migration.verify(sync), results);
				}
				finally {
					sync.drop();
				}
				logger.info("Measuring: switchovers under a write load");
				sections.add(migration.switchovers());
			}
			if (settings.spring()) {
				try (SubscriberApplication application = new SubscriberApplication(servers.publisher(),
						servers.subscriber(), state, "apply")) {
					measure(measurer, groups.httpHealth(application), results);
				}
				measure(measurer, groups.startup(), results);
			}
			new MarkdownReport(settings, environment, subscriberStatistics, publisherStatistics).write(results, sections);
			logger.info("Wrote {}", settings.output().toAbsolutePath().normalize());
		}
	}

	private static void measure(Measurer measurer, Group group, Map<Group, List<Result>> results) throws Exception {
		logger.info("Measuring: {}", group.title());
		results.put(group, measurer.measure(group));
	}

}
