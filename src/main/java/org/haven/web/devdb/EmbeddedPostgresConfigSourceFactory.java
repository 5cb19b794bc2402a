package org.haven.web.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points the default datasource at an embedded PostgreSQL in the dev and test profiles when no
 * datasource URL is configured, so Haven runs on a machine with no database and no Docker.
 *
 * <p>Setting {@code quarkus.datasource.reactive.url} (or its environment variable) switches this off and
 * Haven uses that server instead. The prod profile never starts an embedded server.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300), so any explicit setting wins. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        boolean test = profiles.contains("test");
        if (!dev && !test) {
            return List.of();
        }
        if (context.getValue("quarkus.datasource.reactive.url").getValue() != null
                || "false".equals(context.getValue("embedded-postgres.enabled").getValue())) {
            return List.of();
        }
        int port = EmbeddedDatabase.ensureStarted(test ? EmbeddedDatabase.Mode.TEST : EmbeddedDatabase.Mode.DEV);
        String host = "localhost:" + port + "/postgres";
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + host,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"),
                "haven-embedded-postgres", ORDINAL));
    }
}
