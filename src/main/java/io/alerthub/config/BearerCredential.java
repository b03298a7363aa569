package io.alerthub.config;

import jakarta.validation.constraints.NotNull;

/** Ingest credential {@code type: bearer}: the request carries {@code Authorization: Bearer <token>}. */
public record BearerCredential(@NotNull(message = "is required") Secret token) implements IngestCredential {
    public static final String TYPE = "bearer";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Secret secret() {
        return token;
    }

    @Override
    public String secretKey() {
        return "token";
    }

    @Override
    public BearerCredential withSecret(Secret resolved) {
        return new BearerCredential(resolved);
    }
}
