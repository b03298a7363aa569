package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps a Sensu event (Sensu Go's {@code entity}/{@code check} event, or a Sensu Classic
 * {@code client}/{@code check} event) to one alert draft about one check on one entity.
 */
@Component
public class SensuNormalizer implements AlertNormalizer {

    @Override
    public String format() {
        return "sensu";
    }

    @Override
    public NormalizedPayload normalize(JsonNode raw) {
        JsonNode p = Payloads.embeddedJson(raw);
        if (!p.isObject()) {
            throw InvalidPayloadException.notAnObject("sensu", "$", p);
        }
        JsonNode check = p.path("check");
        if (!check.isObject()) {
            throw check.isMissingNode() || check.isNull()
                    ? InvalidPayloadException.missing(format(), "check")
                    : new InvalidPayloadException("sensu payload field check must be an object",
                            List.of(new FieldProblem("check", "must be an object, got " + AlertmanagerNormalizer.kind(check))));
        }
        JsonNode entity = p.path("entity");
        JsonNode client = p.path("client");
        boolean classic = !entity.isObject() && client.isObject();

        List<FieldProblem> problems = new ArrayList<>();
        String name = Payloads.firstText(Payloads.text(check, "metadata", "name"), Payloads.text(check, "name"));
        if (name == null) {
            problems.add(new FieldProblem("check.metadata.name", "is required (Sensu Classic: check.name)"));
        }
        JsonNode statusNode = check.path("status");
        Integer exitStatus = statusNode.isIntegralNumber() && statusNode.canConvertToInt()
                ? Integer.valueOf(statusNode.intValue()) : parseInt(Payloads.text(check, "status"));
        AlertStatus status = status(exitStatus, Payloads.text(check, "state"), Payloads.text(p, "action"));
        if (status == null) {
            String given = Payloads.text(check, "status");
            problems.add(given == null
                    ? new FieldProblem("check.status", "is required")
                    : new FieldProblem("check.status", "invalid value \"" + given + "\" (valid: a check exit status 0, 1, 2, …)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayloadException("sensu payload is not a valid event", problems);
        }

        String namespace = Payloads.firstText(Payloads.text(check, "metadata", "namespace"),
                Payloads.text(entity, "metadata", "namespace"));
        String entityName = classic ? Payloads.text(client, "name") : Payloads.text(entity, "metadata", "name");
        String host = classic ? Payloads.text(client, "name")
                : Payloads.firstText(Payloads.text(entity, "system", "hostname"), entityName);
        String output = Payloads.text(check, "output");
        String eventId = Payloads.text(p, "id");
        // Sensu Go stamps the event; older events and the dupkeys sample only carry the check's execution time.
        Instant at = firstTime(p.path("timestamp"), check.path("executed"), check.path("issued"));

        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), null, eventId))
                .fingerprint(fingerprint(namespace, entityName, name))
                .status(status)
                .name(name)
                .severity(severity(exitStatus))
                .rawSeverity(exitStatus == null ? null : exitStatus.toString())
                .host(host)
                .address(classic ? Payloads.text(client, "address") : address(entity))
                .summary(AlertmanagerNormalizer.truncate(AlertmanagerNormalizer.firstLine(output)))
                .description(output == null ? null : output.strip())
                .labels(Payloads.stringMap(entity.path("metadata").path("labels")))
                .labels(Payloads.stringMap(check.path("metadata").path("labels")))
                .annotations(Payloads.stringMap(entity.path("metadata").path("annotations")))
                .annotations(Payloads.stringMap(check.path("metadata").path("annotations")));
        if (status == AlertStatus.FIRING) {
            b.startsAt(at);
        } else {
            b.endsAt(at);
        }
        return new NormalizedPayload(eventId, List.of(b.build()));
    }

    private static Instant firstTime(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            Instant t = Payloads.instant(n);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Integer parseInt(String s) {
        if (s == null || !s.trim().matches("-?\\d{1,9}")) {
            return null;
        }
        return Integer.parseInt(s.trim());
    }

    /** Exit status 0 is OK; Classic's {@code action: resolve} and Go's {@code state: passing} say the same. */
    private static AlertStatus status(Integer exitStatus, String state, String action) {
        if (exitStatus != null) {
            return exitStatus == 0 ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        }
        String s = Payloads.firstText(action, state);
        if (s == null) {
            return null;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "resolve", "passing" -> AlertStatus.RESOLVED;
            case "create", "failing", "flapping" -> AlertStatus.FIRING;
            default -> null;
        };
    }

    /** Nagios-style exit codes: 1 warning, 2 critical, anything else non-zero is "unknown" (the check broke). */
    private static Severity severity(Integer exitStatus) {
        if (exitStatus == null) {
            return null;
        }
        return switch (exitStatus) {
            case 0 -> Severity.INFO;
            case 1 -> Severity.WARNING;
            case 2 -> Severity.CRITICAL;
            default -> Severity.ERROR;
        };
    }

    /** Sensu's own identity of an event: one check on one entity in one namespace. */
    private static String fingerprint(String namespace, String entity, String check) {
        if (entity == null) {
            return null;
        }
        return (namespace == null ? "" : namespace + "/") + entity + "/" + check;
    }

    /** The entity's first non-loopback IPv4 address, without its prefix length. */
    private static String address(JsonNode entity) {
        JsonNode interfaces = entity.path("system").path("network").path("interfaces");
        if (!interfaces.isArray()) {
            return null;
        }
        for (JsonNode iface : interfaces) {
            JsonNode addresses = iface.path("addresses");
            if (!addresses.isArray()) {
                continue;
            }
            for (JsonNode a : addresses) {
                String addr = a.isTextual() ? a.asText() : null;
                if (addr == null) {
                    continue;
                }
                int slash = addr.indexOf('/');
                String ip = slash < 0 ? addr : addr.substring(0, slash);
                if (ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !ip.startsWith("127.")) {
                    return ip;
                }
            }
        }
        return null;
    }
}
