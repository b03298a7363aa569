package io.alerthub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.core.env.Environment;

/**
 * Resolves secret references of customer files: {@code env} through Spring's {@link Environment} (an OS environment
 * variable overrides a property of the same name in application yaml), {@code file} from disk, relative paths
 * against the customer's folder.
 */
final class SecretResolver {
    private final Environment environment;

    SecretResolver(Environment environment) {
        this.environment = environment;
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

    /** The file a {@code file} reference points at, or null for an {@code env} reference. */
    static Path fileOf(Secret reference, Path customerFolder) {
        return reference.file() == null || reference.file().isBlank() ? null
                : customerFolder.resolve(reference.file()).normalize();
    }

    Secret resolve(Secret reference, Path customerFolder) throws Unresolved {
        boolean env = reference.env() != null && !reference.env().isBlank();
        boolean file = reference.file() != null && !reference.file().isBlank();
        if (env == file) {
            throw new Unresolved("", "must name exactly one of \"env\" or \"file\", got " + (env ? "both" : "neither"));
        }
        return env ? fromEnvironment(reference) : fromFile(reference, fileOf(reference, customerFolder));
    }

    private Secret fromEnvironment(Secret reference) throws Unresolved {
        String name = reference.env();
        String value;
        try {
            value = environment.getProperty(name);
        } catch (IllegalArgumentException e) {
            throw new Unresolved("env", "environment variable or property " + ProblemCollector.quote(name)
                    + " has an unresolvable placeholder");
        }
        if (value == null) {
            throw new Unresolved("env", "environment variable or property " + ProblemCollector.quote(name)
                    + " is not set");
        }
        if (value.isBlank()) {
            throw new Unresolved("env", "environment variable or property " + ProblemCollector.quote(name)
                    + " is empty");
        }
        return reference.resolved(value.getBytes(StandardCharsets.UTF_8));
    }

    private Secret fromFile(Secret reference, Path path) throws Unresolved {
        byte[] content;
        try {
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
