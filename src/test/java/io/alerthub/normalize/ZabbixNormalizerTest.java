package io.alerthub.normalize;

import static io.alerthub.model.AlertStatus.FIRING;
import static io.alerthub.model.AlertStatus.RESOLVED;
import static io.alerthub.model.Severity.CRITICAL;
import static io.alerthub.model.Severity.ERROR;
import static io.alerthub.model.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ZabbixNormalizerTest {
    private final ZabbixNormalizer normalizer = new ZabbixNormalizer();

    record Row(String fixture, String name, AlertStatus status, Severity severity, String rawSeverity, String host,
            String fingerprint, String eventId) {
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("zabbix-webhook-PROBLEM-zulip.json", "Zabbix agent on www.example.com is unreachable for 5 minutes",
                        FIRING, WARNING, "Average", "www.example.com", "trigger:14032@zabbix.example.com", "10528:firing"),
                new Row("zabbix-webhook-OK-zulip.json", "Zabbix agent on www.example.com is reachable",
                        RESOLVED, WARNING, "Average", "www.example.com", "trigger:14032@zabbix.example.com", "10529:resolved"),
                new Row("edge-event-params-strings-ja.json", "ディスク容量不足 on サーバー1",
                        FIRING, CRITICAL, "Disaster", "srv-01", "trigger:456@zbx.example.jp", "123:firing"),
                new Row("edge-recovery-no-host-rendered-tags.json", "Nginx is down",
                        RESOLVED, ERROR, "High", null, null, null),
                new Row("edge-whole-payload-as-string.json", "High CPU on web-02",
                        FIRING, WARNING, "Warning", "web-02", "trigger:99@zbx.example.com", "1001:firing"),
                new Row("zabbix-default-message-problem-flat.json", "Free disk space is less than 10% on /var",
                        FIRING, ERROR, "4", "db-1", "trigger:20511", "7001:firing"),
                new Row("zabbix-default-message-resolved-flat.json", "Free disk space is less than 10% on /var",
                        RESOLVED, ERROR, "4", "db-1", "trigger:20511", "7009:resolved"),
                new Row("zabbix-default-message-text-only.json", "Zabbix agent is not available (for 3m)",
                        FIRING, WARNING, "Average", "app-7", "event:9100", "9100:firing"),
                new Row("zabbix-nested-objects-problem.json", "Load average is too high",
                        FIRING, ERROR, "High", "app-1", "trigger:4242@zbx.example.net", "880202:firing"),
                new Row("zabbix-nested-objects-recovery.json", "Load average is too high",
                        RESOLVED, ERROR, "High", "app-1", "trigger:4242@zbx.example.net", "880202:resolved"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void fixtureGivesTheExpectedAlert(Row row) throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture(row.fixture()));
        assertThat(p.alerts()).hasSize(1);
        Alert a = p.alerts().get(0);
        assertThat(a.name()).isEqualTo(row.name());
        assertThat(a.status()).isEqualTo(row.status());
        assertThat(a.severity()).isEqualTo(row.severity());
        assertThat(a.rawSeverity()).isEqualTo(row.rawSeverity());
        assertThat(a.resource().host()).isEqualTo(row.host());
        assertThat(a.fingerprint()).isEqualTo(row.fingerprint());
        assertThat(p.eventId()).isEqualTo(row.eventId());
        assertThat(a.source().format()).isEqualTo("zabbix");
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(rows().map(Row::fixture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(AlertmanagerNormalizerTest.fixtureNames("zabbix"));
    }

    @Test
    void problemAndRecoveryShareTheTriggerFingerprintButNotTheEventId() throws IOException {
        Alert problem = normalizer.normalize(fixture("zabbix-webhook-PROBLEM-zulip.json")).alerts().get(0);
        Alert ok = normalizer.normalize(fixture("zabbix-webhook-OK-zulip.json")).alerts().get(0);
        assertThat(ok.fingerprint()).isEqualTo(problem.fingerprint());
        assertThat(problem.source().eventId()).isEqualTo("10528");
        assertThat(problem.source().instance()).isEqualTo("https://zabbix.example.com/");
        assertThat(problem.annotations()).containsEntry("item", "Agent ping is Up (1)");
        assertThat(problem.links()).extracting(l -> l.href())
                .containsExactly("https://zabbix.example.com/tr_events.php?triggerid=14032&eventid=10528");
    }

    @Test
    void stringValuesEmbeddedTagsDateAndJapaneseText() throws IOException {
        Alert a = normalizer.normalize(fixture("edge-event-params-strings-ja.json")).alerts().get(0);
        assertThat(a.labels()).containsExactlyEntriesOf(java.util.Map.of("service", "db", "scope", "capacity"));
        assertThat(a.resource().address()).isEqualTo("192.0.2.10");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2024-01-31T12:34:56Z"));
        assertThat(a.description()).isEqualTo("ディスク容量が不足しています。\n空き容量: 3%");
        assertThat(a.annotations()).containsEntry("event_opdata", "空き容量: 3%");
        assertThat(a.source().instance()).isEqualTo("https://zbx.example.jp/zabbix/");
    }

    @Test
    void recoveryWithoutHostHasEndAndRenderedTags() throws IOException {
        Alert a = normalizer.normalize(fixture("edge-recovery-no-host-rendered-tags.json")).alerts().get(0);
        assertThat(a.resource().host()).isNull();
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2024-02-01T08:00:00Z"));
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2024-02-01T08:15:30Z"));
        assertThat(a.labels()).containsEntry("app", "web").containsEntry("env", "prod").containsEntry("maintenance", "");
    }

    @Test
    void defaultMessageTextGivesHostSeverityTimesAndTheProblemId() throws IOException {
        Alert problem = normalizer.normalize(fixture("zabbix-default-message-problem-flat.json")).alerts().get(0);
        assertThat(problem.startsAt()).isEqualTo(Instant.parse("2026-12-07T03:12:09Z"));
        assertThat(problem.labels()).containsEntry("component", "storage").containsEntry("scope", "capacity");
        assertThat(problem.summary()).isEqualTo("Problem: Free disk space is less than 10% on /var");
        assertThat(problem.links()).extracting(l -> l.href())
                .containsExactly("https://zabbix.example.com/tr_events.php?triggerid=20511&eventid=7001");
        Alert resolved = normalizer.normalize(fixture("zabbix-default-message-resolved-flat.json")).alerts().get(0);
        assertThat(resolved.endsAt()).isEqualTo(Instant.parse("2026-12-07T03:26:11Z"));
        assertThat(resolved.labels()).containsEntry("component", "storage");
    }

    @Test
    void aRecoveryWithItsOwnEventIdFoldsByTheOriginalProblemId() throws IOException {
        String problem = "{\"subject\":\"Problem: Ping lost\",\"event_id\":\"9100\","
                + "\"message\":\"Problem started at 10:00:00 on 2026.12.07\\nHost: app-7\\nOriginal problem ID: 9100\"}";
        String recovery = "{\"subject\":\"Resolved: Ping lost\",\"event_id\":\"9177\","
                + "\"message\":\"Problem has been resolved at 10:05:00 on 2026.12.07\\nHost: app-7\\nOriginal problem ID: 9100\"}";
        Alert p = NormalizerFixtures.one(normalizer, problem);
        Alert r = NormalizerFixtures.one(normalizer, recovery);
        assertThat(p.status()).isEqualTo(FIRING);
        assertThat(r.status()).isEqualTo(RESOLVED);
        assertThat(r.fingerprint()).isEqualTo(p.fingerprint()).isEqualTo("event:9100");
        assertThat(r.name()).isEqualTo("Ping lost");
    }

    @Test
    void nestedObjectsWinOverTheMessageText() throws IOException {
        Alert a = normalizer.normalize(fixture("zabbix-nested-objects-problem.json")).alerts().get(0);
        // the text says another host and Disaster: the structured host{} and event.severity decide
        assertThat(a.resource().host()).isEqualTo("app-1");
        assertThat(a.resource().address()).isEqualTo("192.0.2.21");
        assertThat(a.severity()).isEqualTo(ERROR);
        assertThat(a.labels()).containsEntry("team", "web");
        assertThat(a.annotations()).containsEntry("item_key", "system.cpu.load[all,avg1]").containsEntry("item_value", "17.3");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2026-12-07T03:20:00Z"));
        Alert ok = normalizer.normalize(fixture("zabbix-nested-objects-recovery.json")).alerts().get(0);
        assertThat(ok.endsAt()).isEqualTo(Instant.parse("2026-12-07T03:41:00Z"));
        assertThat(ok.fingerprint()).startsWith("trigger:4242");
    }

    @Test
    void missingStatusAndNameAreBothReported() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"hostname\":\"h\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field).containsExactly("status", "trigger"));
    }

    @Test
    void unknownStatusIsQuotedWithTheValidOnes() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"status\":\"MAYBE\",\"trigger\":\"t\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("status", "invalid value \"MAYBE\" (valid: \"PROBLEM\", \"OK\", \"RESOLVED\", \"1\", \"0\")")));
    }

    private static JsonNode fixture(String name) throws IOException {
        return AlertmanagerNormalizerTest.fixture("zabbix", name);
    }
}
