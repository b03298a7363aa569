package io.alerthub.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential named in customer.yaml by reference ({@code {env: NAME}} or {@code {file: path}}) and resolved when the
 * file is loaded; it never prints its value ({@code toString()} is {@code <secret>}) and compares in constant time.
 */
@JsonDeserialize(using = SecretReferenceDeserializer.class)
public final class Secret {
    private final String env;
    private final String file;
    private final byte[] value;

    private Secret(String env, String file, byte[] value) {
        this.env = env;
        this.file = file;
        this.value = value;
    }

    /** The reference as written in customer.yaml; resolved by the registry before any config is published. */
    static Secret reference(String env, String file) {
        return new Secret(env, file, null);
    }

    /** This reference with its value, as read from the environment or the file. */
    Secret resolved(byte[] resolvedValue) {
        return new Secret(env, file, resolvedValue.clone());
    }

    /** Name of the environment variable / Spring property holding the value, or null. */
    public String env() {
        return env;
    }

    /** Path of the file holding the value (relative paths are relative to the customer's folder), or null. */
    public String file() {
        return file;
    }

    /** Where the value comes from, safe to log: {@code env DEMO_TOKEN} or {@code file /run/secrets/acme-hmac}. */
    public String source() {
        return env != null ? "env " + env : "file " + file;
    }

    public boolean isResolved() {
        return value != null;
    }

    /** A copy of the value; callers should not keep it longer than one use. */
    public byte[] bytes() {
        return requireValue().clone();
    }

    /** True when {@code candidate} equals the value; constant time for candidates of the value's length. */
    public boolean matches(byte[] candidate) {
        return candidate != null && MessageDigest.isEqual(requireValue(), candidate);
    }

    public boolean matches(String candidate) {
        return candidate != null && matches(candidate.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] requireValue() {
        if (value == null) {
            throw new IllegalStateException("secret from " + source() + " is not resolved");
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        // value compared too, so a rotated secret file makes the config "changed"; constant time like matches()
        return other instanceof Secret s && Objects.equals(env, s.env) && Objects.equals(file, s.file)
                && (value == null ? s.value == null : s.value != null && MessageDigest.isEqual(value, s.value));
    }

    @Override
    public int hashCode() {
        // the value stays out of the hash: a hash code can end up in logs or heap dumps
        return Objects.hash(env, file);
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
