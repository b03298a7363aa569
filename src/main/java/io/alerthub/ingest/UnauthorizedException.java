package io.alerthub.ingest;

/**
 * Ingest rejected for bad or missing credentials; answered 401 with no detail, so a caller learns nothing about
 * which customers exist or which check failed (the reason is logged by {@link CustomerAuthenticator}).
 */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException() {
        // no stack trace: thrown for every bad request, and a flood of them must stay cheap
        super("unauthorized", null, false, false);
    }
}
