package io.pgrepl.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgrepl.autoconfigure.ReplicationAutoConfiguration;
import io.pgrepl.autoconfigure.ReplicationProperties;
import io.pgrepl.core.Replication;
import io.pgrepl.metrics.ReplicationMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code pgrepl.*} meters of the {@link Replication} bean, when
 * Micrometer is present: one reading of the catalog per {@code replication.metrics.refresh},
 * shared by every meter.
 */
@AutoConfiguration(after = { ReplicationAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ Replication.class, MeterRegistry.class })
public final class ReplicationMetricsAutoConfiguration {

	ReplicationMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicationMetrics replicationMetrics(Replication replication, ReplicationProperties properties) {
		return new ReplicationMetrics(replication, properties.getMetrics().getRefresh());
	}

}
