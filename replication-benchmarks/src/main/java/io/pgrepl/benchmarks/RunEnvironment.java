package io.pgrepl.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where and when the figures were taken: they compare only within one run on one machine.
 *
 * @param date start of the run, UTC
 * @param publisherVersion {@code server_version} of the publisher
 * @param subscriberVersion {@code server_version} of the subscriber
 * @param processors {@code nproc}
 * @param memory total memory
 * @param loadAverage {@code /proc/loadavg} when the measurements started (other work on the machine)
 * @param jvm the JVM that ran the calls
 * @param os operating system and architecture
 */
record RunEnvironment(String date, String publisherVersion, String subscriberVersion, int processors, String memory,
		String loadAverage, String jvm, String os) {

	static RunEnvironment of(Endpoint publisher, Endpoint subscriber) {
		return new RunEnvironment(
				OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
				publisher.queryForString("show server_version"), subscriber.queryForString("show server_version"),
				Runtime.getRuntime().availableProcessors(), totalMemory(), firstLine("/proc/loadavg"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"));
	}

	private static String totalMemory() {
		String line = firstLine("/proc/meminfo");
		String[] parts = line.split("\\s+");
		if (parts.length >= 2 && parts[0].equals("MemTotal:")) {
			return String.format("%.1f GiB", Long.parseLong(parts[1]) / (1024.0 * 1024.0));
		}
		return "unknown";
	}

	private static String firstLine(String file) {
		try {
			List<String> lines = Files.readAllLines(Path.of(file));
			return lines.isEmpty() ? "unknown" : lines.get(0).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
