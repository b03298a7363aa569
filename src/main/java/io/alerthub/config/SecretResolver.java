package io.alerthub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * Resolves secret references of customer files: {@code env} names an environment variable, {@code file} a file in
 * the customer's folder (relative paths start there) or in the hub's secrets directory ({@code alerthub.secrets.dir}).
 * A customer file is written by people who must not read the hub's own settings or its disk: a reference never
 * reaches a Spring property such as {@code spring.datasource.password}, nor a file elsewhere (after {@code ..} and
 * symbolic links are followed).
 */
final class SecretResolver {
    /**
     * What an environment variable name looks like. Lower-case and dotted names are Spring property names, which a
     * customer file must not reach; requiring this shape keeps Spring's relaxed binding from mapping one to the other.
     */
    private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");
    /** Tokens, passwords and private keys are small; anything larger is a wrong path, not a secret to hold. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private final Environment environment;
    private final SecretsProperties properties;
    /** Null: an unset variable is an error (the hub). Else unset variables are collected here (offline checks). */
    private final java.util.Set<String> deferred;

    SecretResolver(Environment environment) {
        this(environment, SecretsProperties.of(environment));
    }

    SecretResolver(Environment environment, SecretsProperties properties) {
        this(environment, properties, null);
    }

    private SecretResolver(Environment environment, SecretsProperties properties, java.util.Set<String> deferred) {
        this.environment = environment;
        this.properties = properties;
        this.deferred = deferred;
    }

    /**
     * A resolver for checking files away from the hub (the {@code validate} command): a variable that is not set
     * here is no error of the file; its reference stays unresolved and its name is collected in {@code unset}.
     */
    static SecretResolver deferringUnsetVariables(Environment environment, java.util.Set<String> unset) {
        return new SecretResolver(environment, SecretsProperties.of(environment), unset);
    }

    /** Why a reference could not be resolved, with the sub-path ({@code env}, {@code file} or empty) it concerns. */
    static final class Unresolved extends Exception {
        private final String key;

        Unresolved(String key, String message) {
            super(message, null, false, false);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /**
     * The file a {@code file} reference points at, for watching it for changes; null for an {@code env} reference and
     * for a file outside the allowed directories (never read, not even to detect a change).
     */
    Path fileOf(Secret reference, Path customerFolder) {
        Path path = pathOf(reference, customerFolder);
        // the name as written, not the link target: a rotated link (as Kubernetes mounts secrets) counts as a change
        return path == null || allowed(path, customerFolder) == null ? null : path;
    }

    private static Path pathOf(Secret reference, Path customerFolder) {
        return reference.file() == null || reference.file().isBlank() ? null
                : customerFolder.resolve(reference.file()).normalize();
    }

    Secret resolve(Secret reference, Path customerFolder) throws Unresolved {
        boolean env = reference.env() != null && !reference.env().isBlank();
        boolean file = reference.file() != null && !reference.file().isBlank();
        if (env == file) {
            throw new Unresolved("", "must name exactly one of \"env\" or \"file\", got " + (env ? "both" : "neither"));
        }
        if (env) {
            return fromEnvironment(reference);
        }
        Path path = allowed(pathOf(reference, customerFolder), customerFolder);
        if (path == null) {
            throw new Unresolved("file", "secret file " + ProblemCollector.quote(reference.file())
                    + " is outside the allowed directories (the customer's folder and alerthub.secrets.dir "
                    + ProblemCollector.quote(properties.dir()) + ", after \"..\" and symbolic links are followed)");
        }
        return fromFile(reference, path);
    }

    /**
     * {@code path} as it will be read (symbolic links followed) when it lies inside the customer's folder or the
     * secrets directory, else null. A file that does not exist yet passes on its name alone: reading it then reports
     * that it does not exist.
     */
    private Path allowed(Path path, Path customerFolder) {
        List<Path> roots = List.of(customerFolder, properties.path());
        Path absolute = path.toAbsolutePath().normalize();
        if (roots.stream().noneMatch(root -> absolute.startsWith(root.toAbsolutePath().normalize()))) {
            return null;
        }
        if (!Files.exists(absolute)) {
            return absolute;
        }
        try {
            Path real = absolute.toRealPath();
            for (Path root : roots) {
                if (Files.isDirectory(root) && real.startsWith(root.toRealPath())) {
                    return real;
                }
            }
            return null;
        } catch (IOException e) {
            // unreadable on the way: reading it reports why
            return absolute;
        }
    }

    private Secret fromEnvironment(Secret reference) throws Unresolved {
        String name = reference.env();
        if (!VARIABLE.matcher(name).matches()) {
            throw new Unresolved("env", ProblemCollector.quote(name) + " is not an environment variable name "
                    + "(upper-case letters, digits and _)");
        }
        String value = System.getenv(name);
        if (value == null) {
            value = standIn(name);
        }
        if (value == null && deferred != null) {
            deferred.add(name);
            return reference;
        }
        if (value == null) {
            throw new Unresolved("env", "environment variable " + ProblemCollector.quote(name) + " is not set");
        }
        if (value.isBlank()) {
            throw new Unresolved("env", "environment variable " + ProblemCollector.quote(name) + " is empty");
        }
        return reference.resolved(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A stand-in for an unset environment variable, given under the variable's exact upper-case name in the hub's
     * own configuration (the demo profile and tests do this: a JVM cannot set its own environment). Only exact
     * names match: Spring's canonical property names are lower-case, so no hub setting is reachable this way.
     */
    private String standIn(String name) throws Unresolved {
        try {
            return environment.getProperty(name);
        } catch (IllegalArgumentException e) {
            throw new Unresolved("env", "environment variable " + ProblemCollector.quote(name)
                    + " has an unresolvable placeholder");
        }
    }

    private Secret fromFile(Secret reference, Path path) throws Unresolved {
        byte[] content;
        try {
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                throw new Unresolved("file", "secret file " + ProblemCollector.quote(reference.file())
                        + " is not a regular file");
            }
            if (Files.exists(path) && Files.size(path) > MAX_FILE_BYTES) {
                throw new Unresolved("file", "secret file " + ProblemCollector.quote(reference.file())
                        + " is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
            }
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new Unresolved("file", "secret file " + ProblemCollector.quote(reference.file()) + " does not exist");
        } catch (AccessDeniedException e) {
            throw new Unresolved("file", "secret file " + ProblemCollector.quote(reference.file()) + " is not readable");
        } catch (IOException e) {
            throw new Unresolved("file", "cannot read secret file " + ProblemCollector.quote(reference.file())
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        byte[] value = withoutTrailingNewlines(content);
        Arrays.fill(content, (byte) 0);
        if (value.length == 0) {
            throw new Unresolved("file", "secret file " + ProblemCollector.quote(reference.file()) + " is empty");
        }
        return reference.resolved(value);
    }

    /** Editors and {@code echo} add a final newline that is not part of the secret. */
    private static byte[] withoutTrailingNewlines(byte[] content) {
        int end = content.length;
        while (end > 0 && (content[end - 1] == '\n' || content[end - 1] == '\r')) {
            end--;
        }
        return Arrays.copyOf(content, end);
    }
}
