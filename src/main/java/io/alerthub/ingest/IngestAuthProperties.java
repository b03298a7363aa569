package io.alerthub.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingest authentication settings ({@code alerthub.ingest.auth.*}): how far an HMAC request's timestamp may be from
 * the hub's clock, either way, before it is refused as a replay or a misconfigured sender; inside that window a
 * signature is accepted once ({@link HmacReplays}).
 */
@ConfigurationProperties("alerthub.ingest.auth")
public record IngestAuthProperties(@DefaultValue("5m") Duration maxClockSkew) {

    public IngestAuthProperties {
        maxClockSkew = maxClockSkew == null ? Duration.ofMinutes(5) : maxClockSkew;
    }
}
