package io.pgrepl.samples.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The running quickstart: the publishing and the subscribing application. Closing it closes both
 * and then stops the embedded servers.
 */
public final class Quickstart implements AutoCloseable {

	private final ConfigurableApplicationContext publisher;

	private final ConfigurableApplicationContext subscriber;

	private final Runnable stopServers;

	Quickstart(ConfigurableApplicationContext publisher, ConfigurableApplicationContext subscriber,
			Runnable stopServers) {
		this.publisher = publisher;
		this.subscriber = subscriber;
		this.stopServers = stopServers;
	}

	/** The application whose database publishes ({@code publisher} profile). */
	public ConfigurableApplicationContext publisher() {
		return this.publisher;
	}

	/** The application whose database subscribes ({@code subscriber} profile). */
	public ConfigurableApplicationContext subscriber() {
		return this.subscriber;
	}

	/** The Actuator health URL of one of the applications. */
	public String healthUrl(ConfigurableApplicationContext application) {
		return "http://localhost:" + application.getEnvironment().getProperty("local.server.port") + "/actuator/health";
	}

	@Override
	public void close() {
		this.subscriber.close();
		this.publisher.close();
		this.stopServers.run();
		SpringApplication.getShutdownHandlers().remove(this.stopServers);
	}

}
