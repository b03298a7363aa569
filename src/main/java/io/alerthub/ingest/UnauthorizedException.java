package io.alerthub.ingest;

/** STUB replaced by helper registry. */
public class UnauthorizedException extends RuntimeException {
    public UnauthorizedException(String why) {
        super(why);
    }
}
