package io.alerthub.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.core.env.Environment;

/**
 * Reads a customers directory once with the registry's own loader (parse, bean validation, cross-references, secret
 * files), without putting anything in service: what the operator tooling ({@code validate}, {@code dry-run}) checks
 * before a file reaches a running hub.
 */
public final class CustomerFiles {
    private CustomerFiles() {
    }

    /**
     * What one read of a customers directory found.
     *
     * @param configs  every customer whose customer.yaml passed, by id
     * @param errors   every problem, as {@code file:line: path: message}, in folder order
     * @param unsetEnv environment variables the files name that are not set here (not checked; the hub needs them)
     */
    public record Check(Map<String, CustomerConfig> configs, List<String> errors, Set<String> unsetEnv) {
        public Check {
            configs = Collections.unmodifiableMap(new TreeMap<>(configs));
            errors = List.copyOf(errors);
            unsetEnv = Collections.unmodifiableSet(new TreeSet<>(unsetEnv));
        }
    }

    /**
     * Checks every customer folder under {@code dir} as the hub loads it at start-up.
     *
     * @param displayDir         how messages name the directory (as the operator typed it)
     * @param requireEnvironment true: an unset environment variable is an error, as on the hub; false: it is listed in
     *                           {@link Check#unsetEnv()} and the checks that need its value are skipped
     */
    public static Check check(Path dir, String displayDir, Environment environment, boolean requireEnvironment) {
        Set<String> unset = new TreeSet<>();
        SecretResolver secrets = requireEnvironment ? new SecretResolver(environment)
                : SecretResolver.deferringUnsetVariables(environment, unset);
        List<ConfigError> found = new ArrayList<>();
        Map<String, CustomerConfigLoader.Result> results = new CustomerConfigLoader(dir, displayDir, secrets)
                .loadAll(found);
        Map<String, CustomerConfig> configs = new TreeMap<>();
        results.forEach((folder, result) -> {
            if (result.ok()) {
                configs.put(folder, result.config());
            }
        });
        return new Check(configs, found.stream().map(ConfigError::toString).toList(), unset);
    }
}
