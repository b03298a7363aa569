package io.alerthub.scenario.routes;

import io.alerthub.support.Globs;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One customer's use of a scenario template (a {@code templatedRoute} in its routes.camel.yaml) and the rules that
 * pick it for an incident: the alert class is one of {@code alertClass}, the host matches one of {@code hosts}
 * (ids or globs, {@code *} for any, ignoring case), and the latest alert carries every {@code labels} pair.
 */
public record ScenarioBinding(String customerId, String routeId, String templateId, Map<String, String> parameters,
                              int order) {

    public ScenarioBinding {
        // keeps the order the file gives them in
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** True when this binding takes an incident of {@code alertClass} on {@code host} with these alert labels. */
    public boolean matches(String alertClass, String host, Map<String, String> labels) {
        List<String> classes = alertClasses();
        String cls = alertClass == null ? "unknown" : alertClass;
        if (classes.stream().noneMatch(c -> c.equals(cls))) {
            return false;
        }
        List<String> hosts = list("hosts", "*");
        if (hosts.stream().noneMatch(glob -> Globs.matches(glob, host == null ? "" : host))) {
            return false;
        }
        for (String pair : list("labels", "")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq).trim();
            String value = eq < 0 ? null : pair.substring(eq + 1).trim();
            String actual = labels.get(name);
            if (actual == null || (value != null && !value.equals(actual))) {
                return false;
            }
        }
        return true;
    }

    /** The alert classes this binding takes (its {@code alertClass} parameter, else the template's own class). */
    public List<String> alertClasses() {
        return list("alertClass", templateId);
    }

    private List<String> list(String name, String fallback) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            value = fallback;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
