package io.pgrepl.samples.quickstart;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The samples of a Prometheus text scrape ({@code /actuator/prometheus}). */
record Scrape(String text) {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$",
			Pattern.MULTILINE);

	/** The value of the one sample of this name whose labels include these. */
	double value(String name, String... labels) {
		Map<String, Double> matching = new TreeMap<>();
		Matcher matcher = SAMPLE.matcher(this.text);
		while (matcher.find()) {
			String sampleLabels = (matcher.group(3) != null) ? matcher.group(3) : "";
			if (matcher.group(1).equals(name) && List.of(sampleLabels.split(",")).containsAll(List.of(labels))) {
				matching.put(sampleLabels, Double.valueOf(matcher.group(4)));
			}
		}
		assertThat(matching).as(name + " " + List.of(labels) + " in\n" + this.text).hasSize(1);
		return matching.values().iterator().next();
	}

}
