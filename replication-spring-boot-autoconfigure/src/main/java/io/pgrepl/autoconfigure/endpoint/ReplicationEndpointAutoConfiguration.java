package io.pgrepl.autoconfigure.endpoint;

import io.pgrepl.autoconfigure.ReplicationAutoConfiguration;
import io.pgrepl.core.Replication;
import io.pgrepl.endpoint.ReplicationEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code replication} Actuator endpoint over the {@link Replication}
 * bean. Like every endpoint it is reachable only when exposed
 * ({@code management.endpoints.web.exposure.include=replication}).
 */
@AutoConfiguration(after = ReplicationAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(Replication.class)
@ConditionalOnAvailableEndpoint(ReplicationEndpoint.class)
public final class ReplicationEndpointAutoConfiguration {

	ReplicationEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicationEndpoint replicationEndpoint(Replication replication) {
		return new ReplicationEndpoint(replication);
	}

}
