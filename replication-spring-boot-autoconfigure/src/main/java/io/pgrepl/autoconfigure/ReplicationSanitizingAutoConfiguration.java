package io.pgrepl.autoconfigure;

import io.pgrepl.core.model.ConnInfo;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks the publisher passwords of {@code replication.*} in the {@code configprops} and {@code env}
 * endpoints whatever their {@code show-values} says: a password there reaches every server the
 * application's replication role can read, so it is never worth showing. The password inside a
 * {@code connection-string} or {@code jdbc-url} is masked, the rest of the value shown.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class ReplicationSanitizingAutoConfiguration {

	ReplicationSanitizingAutoConfiguration() {
	}

	@Bean
	SanitizingFunction replicationPasswordSanitizingFunction() {
		return ReplicationSanitizingAutoConfiguration::sanitize;
	}

	static SanitizableData sanitize(SanitizableData data) {
		// env keys come as written (replication.…, REPLICATION_…); configprops keys are qualified
		String key = data.getLowerCaseKey();
		if (!key.startsWith("replication") || data.getValue() == null) {
			return data;
		}
		String dashed = key.replace('_', '-');
		if (dashed.endsWith("password")) {
			return data.withSanitizedValue();
		}
		if (dashed.endsWith("connection-string") || dashed.endsWith("connectionstring") || dashed.endsWith("jdbc-url")
				|| dashed.endsWith("jdbcurl")) {
			return data.withValue(ConnInfo.maskPasswords(String.valueOf(data.getValue())));
		}
		return data;
	}

}
