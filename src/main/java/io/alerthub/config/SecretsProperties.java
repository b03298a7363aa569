package io.alerthub.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Where {@code {file: …}} secret references of customer files may point ({@code alerthub.secrets.*}): besides the
 * customer's own folder, only files inside {@code dir} (relative to the working directory).
 */
@ConfigurationProperties("alerthub.secrets")
public record SecretsProperties(@DefaultValue(SecretsProperties.DEFAULT_DIR) String dir) {
    static final String DEFAULT_DIR = "secrets";

    public SecretsProperties {
        dir = dir == null || dir.isBlank() ? DEFAULT_DIR : dir;
    }

    /** The directory as a path. */
    public Path path() {
        return Path.of(dir);
    }

    /** The settings as bound from {@code environment}, defaults where unset. */
    static SecretsProperties of(Environment environment) {
        return Binder.get(environment).bind("alerthub.secrets", SecretsProperties.class)
                .orElseGet(() -> new SecretsProperties(DEFAULT_DIR));
    }
}
