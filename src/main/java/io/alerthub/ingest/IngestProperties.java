package io.alerthub.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the ingest stage ({@code alerthub.ingest.*}): the largest body accepted (a customer may lower or raise
 * it in customer.yaml) and how deep JSON may nest.
 */
@ConfigurationProperties("alerthub.ingest")
public record IngestProperties(Long maxBodyBytes, Integer maxNestingDepth) {
    public IngestProperties {
        maxBodyBytes = maxBodyBytes == null ? 1024L * 1024 : maxBodyBytes;
        maxNestingDepth = maxNestingDepth == null ? 64 : maxNestingDepth;
    }
}
