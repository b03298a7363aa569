package io.alerthub.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Ingest credential {@code type: hmac}: the request carries a hex HMAC-SHA256 of {@code timestamp + "." + body}
 * (optionally prefixed {@code sha256=}) in {@link #header()} and the unix-seconds timestamp in
 * {@link #timestampHeader()}.
 */
public record HmacCredential(
        @NotNull(message = "is required") Secret secret,
        @Pattern(regexp = HmacCredential.HEADER_NAME, message = HmacCredential.HEADER_MESSAGE) String header,
        @Pattern(regexp = HmacCredential.HEADER_NAME, message = HmacCredential.HEADER_MESSAGE) String timestampHeader)
        implements IngestCredential {
    public static final String TYPE = "hmac";
    public static final String DEFAULT_HEADER = "X-AlertHub-Signature";
    public static final String DEFAULT_TIMESTAMP_HEADER = "X-AlertHub-Timestamp";
    static final String HEADER_NAME = "[A-Za-z0-9][A-Za-z0-9-]{0,127}";
    static final String HEADER_MESSAGE = "invalid header name %s (valid: letters, digits and \"-\")";

    public HmacCredential {
        header = header == null ? DEFAULT_HEADER : header;
        timestampHeader = timestampHeader == null ? DEFAULT_TIMESTAMP_HEADER : timestampHeader;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String secretKey() {
        return "secret";
    }

    @Override
    public HmacCredential withSecret(Secret resolved) {
        return new HmacCredential(resolved, header, timestampHeader);
    }
}
