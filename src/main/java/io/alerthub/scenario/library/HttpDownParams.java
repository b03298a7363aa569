package io.alerthub.scenario.library;

import io.alerthub.config.HostConfig;
import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The typed parameters of the {@code http_down} template (routes/scenario/templates/http_down.camel.yaml).
 *
 * @param url           what to probe: the binding's url, else the alert's {@code url}, {@code instance} or
 *                      {@code target} label when its host is one of the customer's hosts (an alert never makes the
 *                      hub request an arbitrary address)
 * @param expectStatus  the statuses that count as up
 * @param timeout       connect and response timeout of one probe
 * @param restartUnit   a unit to restart when the probe fails, or null to hand over
 * @param sudo          restart through {@code sudo -n}
 * @param verifyTimeout how long the service may take to answer again after the restart
 */
public record HttpDownParams(URI url, StatusRange expectStatus, Duration timeout, String restartUnit,
                             boolean sudo, Duration verifyTimeout) {

    /** Statuses from {@code min} to {@code max}, both included. */
    public record StatusRange(int min, int max) {
        boolean contains(int status) {
            return status >= min && status <= max;
        }
    }

    static HttpDownParams read(ParamValues values, ScenarioRun run) {
        String given = values.text("url");
        URI url = given != null ? uri("url", given) : alertUrl(run).orElse(null);
        String status = values.text("expectStatus");
        int min = 200;
        int max = 399;
        if (status != null) {
            String[] range = status.split("-", 2);
            try {
                min = Integer.parseInt(range[0].trim());
                max = range.length == 2 ? Integer.parseInt(range[1].trim()) : min;
            } catch (NumberFormatException e) {
                throw ParamValues.invalid("expectStatus", status, "a status or range such as 200 or 200-399");
            }
            if (min < 100 || max > 599 || min > max) {
                throw ParamValues.invalid("expectStatus", status, "a status or range within 100-599");
            }
        }
        String unit = values.text("restartUnit");
        if (unit != null) {
            values.unit("restartUnit", unit);
        }
        return new HttpDownParams(url, new StatusRange(min, max), values.duration("timeout", Duration.ofSeconds(10)), unit,
                values.bool("sudo", true), values.duration("verifyTimeout", Duration.ofSeconds(30)));
    }

    List<String> restartUnits() {
        return restartUnit == null ? List.of() : List.of(restartUnit);
    }

    private static Optional<URI> alertUrl(ScenarioRun run) {
        return run.label("url").or(() -> run.label("instance")).or(() -> run.label("target"))
                .filter(v -> v.startsWith("http://") || v.startsWith("https://"))
                .flatMap(v -> {
                    try {
                        return Optional.of(URI.create(v));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                })
                .filter(u -> u.getHost() != null && run.customer().hosts().stream()
                        .anyMatch(h -> h.isNamed(u.getHost()) || u.getHost().equalsIgnoreCase(address(h))));
    }

    private static String address(HostConfig host) {
        return host.address() == null ? "" : host.address();
    }

    private static URI uri(String name, String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ParamValues.invalid(name, value, "an http or https url with a host");
    }
}
