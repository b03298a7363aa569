package io.alerthub.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingest authentication settings ({@code alerthub.ingest.auth.*}): how far an HMAC request's timestamp may be from
 * the hub's clock, either way, before it is refused as a replay or a misconfigured sender, and how many accepted
 * signatures are remembered to refuse the same signed request sent again inside that window.
 *
 * @param maxClockSkew  the largest difference between an HMAC timestamp and the hub's clock
 * @param replayMemory  accepted HMAC signatures remembered at most (each for twice {@code maxClockSkew})
 */
@ConfigurationProperties("alerthub.ingest.auth")
public record IngestAuthProperties(@DefaultValue("5m") Duration maxClockSkew, @DefaultValue("100000") Integer replayMemory) {

    public IngestAuthProperties {
        maxClockSkew = maxClockSkew == null ? Duration.ofMinutes(5) : maxClockSkew;
        replayMemory = replayMemory == null ? 100_000 : replayMemory;
    }
}
