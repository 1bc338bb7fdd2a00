package io.pgrepl.samples.quickstart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The quickstart: two Spring Boot applications in one JVM, as in production they would be two
 * services. The {@code publisher} profile manages the publisher's database and declares a
 * publication; the {@code subscriber} profile manages the subscriber's database and declares a
 * subscription to it (see {@code application.yml}). One application cannot be both, because the
 * starter manages one DataSource. Both connect to two embedded PostgreSQL servers started first,
 * unless {@code quickstart.embedded=false} points them at servers of your own.
 */
@SpringBootApplication
@EnableScheduling
public class QuickstartApplication {

	private static final Logger logger = LoggerFactory.getLogger(QuickstartApplication.class);

	public static void main(String[] args) {
		start(args);
	}

	/**
	 * Starts the publishing application, then the subscribing one (its subscription needs the
	 * publication), and logs where their health is.
	 * @param args command-line arguments, given to both applications
	 * @return both running applications; closing it stops them and the embedded servers
	 */
	public static Quickstart start(String... args) {
		EmbeddedPostgresServers servers = new EmbeddedPostgresServers();
		Runnable stopServers = servers::close;
		// On Ctrl-C or SIGTERM, Spring's shutdown hook closes both applications, then runs this.
		SpringApplication.getShutdownHandlers().add(stopServers);
		ConfigurableApplicationContext publisher = null;
		try {
			publisher = application("publisher", servers).run(args);
			ConfigurableApplicationContext subscriber = application("subscriber", servers).run(args);
			Quickstart quickstart = new Quickstart(publisher, subscriber, stopServers);
			// Shutdown handlers run last-added first: added again, it runs before logging stops.
			SpringApplication.getShutdownHandlers().remove(stopServers);
			SpringApplication.getShutdownHandlers().add(stopServers);
			logger.info("pgrepl quickstart is running: open {} (subscriber) and {} (publisher)",
					quickstart.healthUrl(subscriber), quickstart.healthUrl(publisher));
			return quickstart;
		}
		catch (RuntimeException ex) {
			if (publisher != null) {
				publisher.close();
			}
			stopServers.run();
			SpringApplication.getShutdownHandlers().remove(stopServers);
			throw ex;
		}
	}

	private static SpringApplicationBuilder application(String profile, EmbeddedPostgresServers servers) {
		return new SpringApplicationBuilder(QuickstartApplication.class).profiles(profile).listeners(servers);
	}

}
