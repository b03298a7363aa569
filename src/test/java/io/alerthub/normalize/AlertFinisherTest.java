package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** What the hub adds to every normalizer's draft. */
class AlertFinisherTest {
    private final CustomerRegistry customers = Mockito.mock(CustomerRegistry.class);
    private final AlertFinisher finisher = new AlertFinisher(new AlertClassifier(), customers);
    private final RawPayload raw = new RawPayload("inbox-1", "acme", "webhook", "zabbix", "application/json",
            Instant.parse("2026-11-25T00:00:00Z"), new byte[0]);

    @Test
    void fillsHubFieldsAndDefaults() {
        Alert a = finisher.finish(Alert.builder().name("Disk full").host("web-1")
                .source(new AlertSource(null, "zabbix", "https://zbx", "e1")).build(), raw);

        assertThat(a.id()).isNotBlank();
        assertThat(a.customerId()).isEqualTo("acme");
        assertThat(a.source()).isEqualTo(new AlertSource("webhook", "zabbix", "https://zbx", "e1"));
        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.summary()).isEqualTo("Disk full on web-1");
        assertThat(a.receivedAt()).isEqualTo(raw.receivedAt());
        assertThat(a.rawRef()).isEqualTo("inbox-1");
        assertThat(a.alertClass()).isNotBlank();
    }

    @Test
    void theHostNameNeverPicksTheAlertClass() {
        // the default summary is "<name> on <host>": a host called disk-1 must not make this a disk_usage alert
        Alert onDiskHost = finisher.finish(Alert.builder().name("Quarterly report generator stalled").host("disk-1")
                .build(), raw);
        Alert diskAlert = finisher.finish(Alert.builder().name("Disk full").host("app-1").build(), raw);

        assertThat(onDiskHost.summary()).isEqualTo("Quarterly report generator stalled on disk-1");
        assertThat(onDiskHost.alertClass()).isNotEqualTo("disk_usage");
        assertThat(diskAlert.alertClass()).isEqualTo("disk_usage");
    }

    @Test
    void withoutAnUpstreamFingerprintTheSameProblemGetsTheSameFingerprint() {
        Alert first = finisher.finish(Alert.builder().name("Disk full").host("web-1").summary("95%").build(), raw);
        Alert later = finisher.finish(Alert.builder().name("Disk full").host("web-1").summary("97%").build(), raw);
        Alert otherHost = finisher.finish(Alert.builder().name("Disk full").host("web-2").build(), raw);

        assertThat(later.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(otherHost.fingerprint()).isNotEqualTo(first.fingerprint());
    }

    @Test
    void boundsLongFieldsAndKeepsUpstreamFingerprints() {
        Alert upstream = finisher.finish(Alert.builder().name("x").fingerprint("abc123").build(), raw);
        Alert huge = finisher.finish(Alert.builder().name("x").fingerprint("f".repeat(300)).summary("あ".repeat(5000)).build(), raw);

        assertThat(upstream.fingerprint()).isEqualTo("abc123");
        assertThat(huge.fingerprint()).startsWith("sha256:").hasSizeLessThanOrEqualTo(255);
        assertThat(huge.summary()).hasSizeLessThanOrEqualTo(1024).endsWith("…");
    }
}
